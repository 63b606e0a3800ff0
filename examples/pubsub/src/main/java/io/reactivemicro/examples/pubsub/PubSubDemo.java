package io.reactivemicro.examples.pubsub;

import io.reactivemicro.Metadata;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@code java -jar pubsub-demo.jar shop|fulfilment|audit}: one of the three services of the pub/sub example,
 * serving until Ctrl-C. Registry and broker come from {@code MICRO_REGISTRY} and {@code MICRO_BROKER} (by
 * default mDNS and the rsocket broker: no server needed).
 *
 * <ul>
 *   <li>{@code fulfilment} subscribes to {@code orders} in queue group {@code fulfilment}: start two, and each
 *       order is packed by exactly one of them;
 *   <li>{@code audit} subscribes without a group: every auditor sees every order;
 *   <li>{@code shop} publishes an order every second ({@code shop COUNT} for another count than 20).
 * </ul>
 */
public final class PubSubDemo {

    /** The queue group of the fulfilment service. */
    public static final String FULFILMENT_GROUP = "fulfilment";

    private PubSubDemo() {}

    /** A fulfilment service: a member of the queue group; {@code packed} sees each order it is handed. */
    public static Service fulfilment(@Nullable Registry registry, Consumer<String> packed) {
        return builder("fulfilment", registry)
                .subscribe(
                        Shop.TOPIC,
                        FULFILMENT_GROUP,
                        OrderPlaced.class,
                        order -> Mono.deferContextual(ctx -> {
                            packed.accept("packed " + order.quantity() + " x " + order.item() + " for " + order.id()
                                    + " (from " + Metadata.from(ctx).get(Metadata.FROM_SERVICE) + ")");
                            return Mono.empty();
                        }))
                .build();
    }

    /** An audit service: a broadcast subscriber; {@code audited} sees every order. */
    public static Service audit(@Nullable Registry registry, Consumer<String> audited) {
        return builder("audit", registry)
                .subscribe(
                        Shop.TOPIC,
                        OrderPlaced.class,
                        order -> Mono.fromRunnable(() -> audited.accept(
                                "audited " + order.id() + ": " + order.quantity() + " x " + order.item())))
                .build();
    }

    /** The shop: a service with no handler that publishes orders. */
    public static Service shop(@Nullable Registry registry) {
        return builder("shop", registry).build();
    }

    /** A service builder with {@code registry}, or with {@code MICRO_REGISTRY}'s when null. */
    private static Service.Builder builder(String name, @Nullable Registry registry) {
        Service.Builder b = Micro.service(name);
        return registry == null ? b : b.registry(registry);
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String role = args.length == 0 ? "" : args[0];
        switch (role) {
            case "fulfilment" -> fulfilment(null, out::println).run();
            case "audit" -> audit(null, out::println).run();
            case "shop" -> {
                int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
                Service shop = shop(null);
                shop.start().block();
                Shop.placeOrders(shop, count, Duration.ofSeconds(1))
                        .doOnNext(o -> out.println("published " + o.id() + ": " + o.quantity() + " x " + o.item()))
                        .blockLast();
                shop.stop().block();
            }
            default -> {
                out.println("usage: java -jar pubsub-demo.jar shop [COUNT] | fulfilment | audit");
                System.exit(2);
            }
        }
    }
}
