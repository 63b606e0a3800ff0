package io.reactivemicro.examples.pubsub;

import io.reactivemicro.Service;
import java.time.Duration;
import reactor.core.publisher.Flux;

/** The publisher: places an order every {@code interval}, {@code count} times, and publishes each. */
public final class Shop {

    /** The topic orders are published on. */
    public static final String TOPIC = "orders";

    private static final String[] ITEMS = {"kettle", "teapot", "mug", "strainer"};

    private Shop() {}

    /** Publishes {@code count} orders through {@code shop}'s broker, one every {@code interval}. */
    public static Flux<OrderPlaced> placeOrders(Service shop, int count, Duration interval) {
        return Flux.range(0, count)
                .delayElements(interval)
                .map(i -> new OrderPlaced("order-" + (i + 1), ITEMS[i % ITEMS.length], i % 3 + 1))
                .concatMap(order -> shop.client().publish(TOPIC, order).thenReturn(order));
    }
}
