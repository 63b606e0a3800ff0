package io.reactivemicro.examples.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Service;
import io.reactivemicro.broker.Collector;
import io.reactivemicro.registry.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example as its README runs it: two fulfilment members, one auditor, a shop; default (rsocket) broker. */
class PubSubExampleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Service> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(s -> s.stop().block(WAIT));
    }

    @Test
    void eachOrderIsPackedOnceAndAuditedByEveryAuditor() {
        Registry registry = Registry.memory();
        Queue<String> packedA = new ConcurrentLinkedQueue<>();
        Queue<String> packedB = new ConcurrentLinkedQueue<>();
        Queue<String> audited = new ConcurrentLinkedQueue<>();
        services.add(PubSubDemo.fulfilment(registry, packedA::add));
        services.add(PubSubDemo.fulfilment(registry, packedB::add));
        services.add(PubSubDemo.audit(registry, audited::add));
        Service shop = PubSubDemo.shop(registry);
        services.add(shop);
        services.forEach(s -> s.start().block(WAIT));
        Collector.await(
                () -> registry.getService("micro.broker:" + Shop.TOPIC).block(WAIT).stream()
                                .mapToInt(r -> r.nodes().size())
                                .sum()
                        == 3,
                WAIT,
                () -> "subscribers not advertised");

        List<OrderPlaced> placed =
                Shop.placeOrders(shop, 30, Duration.ofMillis(5)).collectList().block(WAIT);

        assertThat(placed).hasSize(30);
        Collector.await(
                () -> packedA.size() + packedB.size() == 30 && audited.size() == 30,
                WAIT,
                () -> "packed " + (packedA.size() + packedB.size()) + ", audited " + audited.size());
        List<String> packed = Stream.concat(packedA.stream(), packedB.stream()).toList();
        assertThat(packed).doesNotHaveDuplicates().allSatisfy(line -> assertThat(line)
                .endsWith("(from shop)"));
        assertThat(packedA).isNotEmpty();
        assertThat(packedB).isNotEmpty();
        assertThat(audited).first().isEqualTo("audited order-1: 1 x kettle");
    }
}
