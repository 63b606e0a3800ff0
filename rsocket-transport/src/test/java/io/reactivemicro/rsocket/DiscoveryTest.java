package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.CallOptions;
import io.reactivemicro.Debug;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.CountingRegistry;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.TestApi.Req;
import io.reactivemicro.selector.NodeFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Discovery on the call path: the cache, selection, filters and nodes coming and going, in one JVM. */
class DiscoveryTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final Registry memory = Registry.memory();
    final List<Service> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        Flux.fromIterable(started).flatMap(Service::stop).blockLast(WAIT);
    }

    Service start(Service.Builder builder, Registry registry) {
        Service service = builder.registry(registry).build();
        service.start().block(WAIT);
        started.add(service);
        return service;
    }

    Service node(String version) {
        return start(Micro.service("svc").version(version).handler(TestApi.class, new TestApi.Handler()), memory);
    }

    /** Which node answered each of {@code calls} health calls, counted by node id. */
    static Map<String, Long> spread(Debug debug, int calls) {
        return Flux.range(0, calls)
                .flatMap(i -> debug.health(new Debug.HealthRequest()), 8)
                .collect(Collectors.groupingBy(Debug.Health::node, Collectors.counting()))
                .block(WAIT);
    }

    @Test
    void tenThousandCallsCostOneRegistryLookup() {
        node("1");
        CountingRegistry counting = new CountingRegistry(memory);
        Service caller = start(Micro.service("caller"), counting);
        // this test counts lookups, not latency: a generous deadline keeps a loaded machine from failing it
        TestApi api = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().timeout(Duration.ofSeconds(60)).build());
        StepVerifier.create(Flux.range(0, 10_000)
                        .flatMap(i -> api.hello(new Req("n" + i)), 256)
                        .count())
                .expectNext(10_000L)
                .verifyComplete();
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void theServiceRegistryIsTheClientCache() {
        node("1");
        CountingRegistry counting = new CountingRegistry(memory);
        Service caller = start(Micro.service("caller"), counting);
        caller.client().proxy(TestApi.class, "svc").hello(new Req("a")).block(WAIT);
        StepVerifier.create(Flux.range(0, 100)
                        .concatMap(i -> caller.registry().getService("svc"))
                        .map(records -> records.get(0).name())
                        .distinct())
                .expectNext("svc")
                .verifyComplete();
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void callsSpreadOverEveryNode() {
        node("1");
        node("1");
        node("1");
        Debug debug = start(Micro.service("caller"), memory).client().proxy(Debug.class, "svc");
        Map<String, Long> spread = spread(debug, 600);
        assertThat(spread).hasSize(3);
        assertThat(spread.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(120));
    }

    @Test
    void versionFilterPicksTheVersion() {
        node("1.0.0");
        node("2.0.0");
        Debug debug = start(Micro.service("caller"), memory)
                .client()
                .proxy(
                        Debug.class,
                        "svc",
                        CallOptions.builder()
                                .filter(NodeFilter.version("2.0.0"))
                                .build());
        StepVerifier.create(Flux.range(0, 20)
                        .concatMap(i -> debug.health(new Debug.HealthRequest()))
                        .map(Debug.Health::version)
                        .distinct())
                .expectNext("2.0.0")
                .verifyComplete();
    }

    @Test
    void aNodeAddedUnderLoadReceivesCallsWithinOneSecond() {
        node("1");
        Service caller = start(Micro.service("caller"), memory);
        Debug debug = caller.client().proxy(Debug.class, "svc");
        assertThat(spread(debug, 50)).hasSize(1);

        Service added = node("1");
        String addedId = caller.client()
                .proxy(
                        Debug.class,
                        "svc",
                        CallOptions.builder()
                                .address(added.server().address().orElseThrow())
                                .build())
                .health(new Debug.HealthRequest())
                .map(Debug.Health::node)
                .block(WAIT);
        StepVerifier.create(debug.health(new Debug.HealthRequest())
                        .repeat()
                        .map(Debug.Health::node)
                        .filter(addedId::equals)
                        .next())
                .expectNext(addedId)
                .verifyComplete();
        assertThat(spread(debug, 200)).hasSize(2);
    }

    @Test
    void aStoppedNodeStopsReceivingCallsWithoutFailures() {
        node("1");
        Service leaving = node("1");
        TestApi api = start(Micro.service("caller"), memory).client().proxy(TestApi.class, "svc");
        StepVerifier.create(Flux.range(0, 100)
                        .flatMap(i -> api.hello(new Req("a")), 8)
                        .count())
                .expectNext(100L)
                .verifyComplete();
        leaving.stop().block(WAIT);
        StepVerifier.create(Flux.range(0, 200)
                        .flatMap(i -> api.hello(new Req("b")), 8)
                        .count())
                .expectNext(200L)
                .verifyComplete();
    }
}
