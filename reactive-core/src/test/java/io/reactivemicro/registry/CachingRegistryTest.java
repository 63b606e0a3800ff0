package io.reactivemicro.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CachingRegistryTest {

    final Registry memory = Registry.memory();
    final CountingRegistry counting = new CountingRegistry(memory);
    CachingRegistry cache = CachingRegistry.create(counting, Duration.ofMinutes(1));

    @AfterEach
    void close() {
        cache.dispose();
    }

    static ServiceRecord record(String version, String node) {
        return new ServiceRecord(
                "svc", version, Map.of(), List.of(), List.of(new Node(node, "127.0.0.1:" + node.hashCode(), Map.of())));
    }

    @Test
    void onlyTheFirstLookupReachesTheRegistry() {
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.getService("svc").block()).hasSize(1);
        }
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void cachedServiceAnswersWithoutAMonoOnlyWhatGetServiceWouldServeAtOnce() {
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        assertThat(cache.cachedService("svc")).isNull();
        List<ServiceRecord> fetched = cache.getService("svc").block();
        assertThat(cache.cachedService("svc")).isSameAs(fetched);
        assertThat(cache.cachedService("other")).isNull();
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void concurrentFirstLookupsShareOneFetch() {
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        StepVerifier.create(
                        Flux.range(0, 100).flatMap(i -> cache.getService("svc")).count())
                .expectNext(100L)
                .verifyComplete();
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void watchKeepsTheCacheFreshWithoutLookups() {
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        cache.getService("svc").block();

        memory.register(record("1", "b"), RegisterOptions.defaults()).block();
        memory.register(record("2", "c"), RegisterOptions.defaults()).block();
        memory.deregister(record("1", "a")).block();

        List<ServiceRecord> records = cache.getService("svc").block();
        assertThat(records)
                .flatExtracting(ServiceRecord::nodes)
                .extracting(Node::id)
                .containsExactlyInAnyOrder("b", "c");
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void anUnknownServiceThatAppearsLaterIsSeen() {
        assertThat(cache.getService("svc").block()).isEmpty();
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        assertThat(cache.getService("svc").block()).hasSize(1);
        assertThat(counting.lookups()).isEqualTo(1);
    }

    @Test
    void brokenWatchIsResubscribedAndTheGapIsRefetched() {
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        cache.getService("svc").block();
        assertThat(counting.watches()).isEqualTo(1);

        counting.breakWatches();
        // a change made while the watch is down...
        memory.register(record("1", "b"), RegisterOptions.defaults()).block();

        // ...is there once the watch is back (re-subscribed after a 100 ms backoff) and the cache re-fetched
        StepVerifier.create(Flux.interval(Duration.ofMillis(20))
                        .map(t -> cache.getService("svc").block().get(0).nodes().size())
                        .filter(n -> n == 2)
                        .next())
                .expectNext(2)
                .verifyComplete();
        assertThat(counting.watches()).isEqualTo(2);
        assertThat(counting.lookups()).isEqualTo(2);
    }

    @Test
    void staleEntryIsRefetchedAndLastKnownNodesServeWhenTheRegistryIsDown() {
        cache.dispose();
        cache = CachingRegistry.create(counting, Duration.ofMillis(1));
        memory.register(record("1", "a"), RegisterOptions.defaults()).block();
        cache.getService("svc").block();
        counting.breakWatches();
        counting.failLookups(true);

        StepVerifier.create(Flux.interval(Duration.ofMillis(20)).take(3).concatMap(t -> cache.getService("svc")))
                .expectNextCount(3)
                .verifyComplete();
        assertThat(counting.lookups()).isGreaterThan(1);
    }
}
