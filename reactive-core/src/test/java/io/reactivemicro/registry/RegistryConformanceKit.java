package io.reactivemicro.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * The behaviour every {@link Registry} shares. A plugin's test extends this kit and supplies a registry
 * talking to the real backend; names are unique per test so that a shared backend needs no cleaning.
 */
public abstract class RegistryConformanceKit {

    protected Registry registry;
    protected String prefix;

    /** A registry for one test; closed (if it needs closing) in {@link #close(Registry)}. */
    protected abstract Registry newRegistry();

    protected void close(Registry registry) {}

    /** Lets {@code duration} pass for TTLs: virtual time for the memory registry, nothing for real servers. */
    protected abstract void elapse(Duration duration);

    /** The shortest TTL the backend honours (etcd leases are whole seconds). */
    protected Duration shortTtl() {
        return Duration.ofSeconds(2);
    }

    /** How long a watch test may take, changes and their events included. */
    protected Duration eventWait() {
        return Duration.ofSeconds(10);
    }

    /** How long to wait for an expiry the backend reports on its own. */
    protected Duration expiryWait() {
        return Duration.ofSeconds(15);
    }

    /**
     * Cuts {@link #registry}'s connection to its backend until {@link #restoreConnection()}: every open connection
     * drops and new ones are refused (a proxy the test controls, or a server stop). By default the test that needs
     * it is aborted, since an in-process registry has no connection to cut.
     */
    protected void cutConnection() {
        Assumptions.abort(registry.describe() + " has no connection to cut");
    }

    /** Lets {@link #registry} reach its backend again after {@link #cutConnection()}. */
    protected void restoreConnection() {}

    /**
     * A registry on the same backend that {@link #cutConnection()} does not reach, used to change the backend while
     * {@link #registry} is cut off. By default {@link #registry} itself.
     */
    protected Registry bystander() {
        return registry;
    }

    /**
     * Waits until a watch just subscribed to is established. A watch reports changes from then on; for a remote
     * registry that is a round trip or two after subscription, so the kit waits before changing anything. By default
     * nothing: the memory registry's watch is established on subscription.
     */
    protected void awaitWatchEstablished() {}

    /**
     * How long a change may take to show in reads. Zero (the default) for a registry that reads its own writes;
     * mDNS is eventually consistent (a goodbye takes effect at the reader's next cache sweep).
     */
    protected Duration propagation() {
        return Duration.ZERO;
    }

    /** Reads until {@code check} passes or {@link #propagation()} has passed, then fails with the last error. */
    protected void assertRead(
            java.util.function.Supplier<reactor.core.publisher.Mono<List<ServiceRecord>>> read,
            java.util.function.Consumer<List<ServiceRecord>> check) {
        long deadline = System.nanoTime() + propagation().toNanos();
        while (true) {
            List<ServiceRecord> records = read.get().block(Duration.ofSeconds(30));
            try {
                check.accept(records);
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() >= deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** How many services {@link #aThousandServicesAreListed()} registers: 1,000 unless a backend documents less. */
    protected int manyServices() {
        return 1000;
    }

    /** How long registering {@link #manyServices()} may take: 60 s unless a backend documents more. */
    protected Duration manyServicesWait() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    void openRegistry() {
        registry = newRegistry();
        prefix = "kit-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterEach
    void closeRegistry() {
        close(registry);
    }

    protected ServiceRecord record(String name, String version, String... nodeIds) {
        List<Node> nodes = java.util.Arrays.stream(nodeIds)
                .map(id -> new Node(
                        id, "127.0.0.1:" + (10000 + Math.abs(id.hashCode() % 50000)), Map.of("transport", "rsocket")))
                .toList();
        EndpointRecord endpoint = new EndpointRecord(
                "Greeter.hello", Map.of("type", "object"), Map.of("type", "object"), "none", Map.of());
        return new ServiceRecord(prefix + name, version, Map.of("team", "kit"), List.of(endpoint), nodes);
    }

    @Test
    void registeredServiceIsFoundWithItsEndpointsAndNodes() {
        ServiceRecord greeter = record("greeter", "1.0.0", "n1");
        registry.register(greeter, RegisterOptions.defaults()).block();

        assertRead(() -> registry.getService(greeter.name()), records -> {
            assertThat(records).hasSize(1);
            ServiceRecord found = records.get(0);
            assertThat(found.version()).isEqualTo("1.0.0");
            assertThat(found.metadata()).containsEntry("team", "kit");
            assertThat(found.endpoints()).extracting(EndpointRecord::name).containsExactly("Greeter.hello");
            assertThat(found.nodes()).containsExactlyElementsOf(greeter.nodes());
        });
    }

    @Test
    void unknownServiceIsAnEmptyList() {
        StepVerifier.create(registry.getService(prefix + "nobody"))
                .expectNext(List.of())
                .verifyComplete();
    }

    @Test
    void eachVersionIsItsOwnRecord() {
        registry.register(record("greeter", "1.0.0", "a"), RegisterOptions.defaults())
                .block();
        registry.register(record("greeter", "2.0.0", "b"), RegisterOptions.defaults())
                .block();

        assertRead(() -> registry.getService(prefix + "greeter"), records -> assertThat(records)
                .extracting(ServiceRecord::version)
                .containsExactlyInAnyOrder("1.0.0", "2.0.0"));
    }

    @Test
    void nodesOfOneVersionAccumulate() {
        registry.register(record("greeter", "1.0.0", "a"), RegisterOptions.defaults())
                .block();
        registry.register(record("greeter", "1.0.0", "b"), RegisterOptions.defaults())
                .block();

        assertRead(
                () -> registry.getService(prefix + "greeter"),
                records ->
                        assertThat(records.get(0).nodes()).extracting(Node::id).containsExactlyInAnyOrder("a", "b"));
    }

    @Test
    void deregisterRemovesTheNodeThenTheVersion() {
        ServiceRecord a = record("greeter", "1.0.0", "a");
        ServiceRecord b = record("greeter", "1.0.0", "b");
        registry.register(a, RegisterOptions.defaults()).block();
        registry.register(b, RegisterOptions.defaults()).block();

        registry.deregister(a).block();
        assertRead(
                () -> registry.getService(a.name()),
                records ->
                        assertThat(records.get(0).nodes()).extracting(Node::id).containsExactly("b"));

        registry.deregister(b).block();
        assertRead(() -> registry.getService(a.name()), records -> assertThat(records)
                .isEmpty());
    }

    @Test
    void deregisteringAnUnknownServiceCompletes() {
        StepVerifier.create(registry.deregister(record("ghost", "1", "x"))).verifyComplete();
    }

    @Test
    void watchSeesCreateUpdateDeleteInOrder() {
        ServiceRecord a = record("watched", "1.0.0", "a");
        ServiceRecord b = record("watched", "1.0.0", "b");
        StepVerifier.create(registry.watch(WatchOptions.service(a.name())))
                .then(this::awaitWatchEstablished)
                .then(() -> registry.register(a, RegisterOptions.defaults()).block())
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.CREATE))
                .then(() -> registry.register(b, RegisterOptions.defaults()).block())
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(RegistryEvent.Type.UPDATE);
                    assertThat(e.service().nodes()).extracting(Node::id).containsExactlyInAnyOrder("a", "b");
                })
                .then(() -> registry.deregister(a).then(registry.deregister(b)).block())
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.UPDATE))
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(RegistryEvent.Type.DELETE);
                    assertThat(e.service().name()).isEqualTo(a.name());
                })
                .thenCancel()
                .verify(eventWait());
    }

    @Test
    void watchOfOneServiceIgnoresOthers() {
        ServiceRecord mine = record("mine", "1", "a");
        StepVerifier.create(registry.watch(WatchOptions.service(mine.name())))
                .then(this::awaitWatchEstablished)
                .then(() -> registry.register(record("other", "1", "o"), RegisterOptions.defaults())
                        .then(registry.register(mine, RegisterOptions.defaults()))
                        .block())
                .assertNext(e -> assertThat(e.service().name()).isEqualTo(mine.name()))
                .thenCancel()
                .verify(eventWait());
    }

    @Test
    void watchSurvivesAConnectionDropWithoutLosingChanges() {
        ServiceRecord v1 = record("resilient", "1", "a");
        ServiceRecord v2 = record("resilient", "2", "b");
        StepVerifier.create(registry.watch(WatchOptions.service(v1.name())))
                .then(this::awaitWatchEstablished)
                .then(() -> registry.register(v1, RegisterOptions.defaults()).block())
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.CREATE))
                .then(() -> {
                    cutConnection();
                    try {
                        Registry other = bystander();
                        other.deregister(v1).block(Duration.ofSeconds(10));
                        other.register(v2, RegisterOptions.defaults()).block(Duration.ofSeconds(10));
                    } finally {
                        restoreConnection();
                    }
                })
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(RegistryEvent.Type.DELETE);
                    assertThat(e.service().version()).isEqualTo("1");
                })
                .assertNext(e -> {
                    assertThat(e.type()).isEqualTo(RegistryEvent.Type.CREATE);
                    assertThat(e.service().version()).isEqualTo("2");
                    assertThat(e.service().nodes()).extracting(Node::id).containsExactly("b");
                })
                // the registry itself works again once its client has reconnected
                .then(() -> registry.deregister(v2)
                        .retryWhen(Retry.fixedDelay(40, Duration.ofMillis(250)))
                        .block(Duration.ofSeconds(20)))
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.DELETE))
                .thenCancel()
                .verify(Duration.ofSeconds(60));
    }

    @Test
    void expiredNodeIsRemovedAndWatchersAreTold() {
        ServiceRecord rec = record("mortal", "1", "a");
        Duration ttl = shortTtl();
        StepVerifier.create(registry.watch(WatchOptions.service(rec.name())))
                .then(this::awaitWatchEstablished)
                .then(() -> registry.register(rec, RegisterOptions.ttl(ttl)).block())
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.CREATE))
                .then(() -> elapse(ttl.plusSeconds(2)))
                .assertNext(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.DELETE))
                .thenCancel()
                .verify(expiryWait());
        assertRead(() -> registry.getService(rec.name()), records -> assertThat(records)
                .isEmpty());
    }

    @Test
    void reRegisteringBeforeTheTtlKeepsTheNode() {
        ServiceRecord rec = record("renewed", "1", "a");
        Duration ttl = shortTtl();
        registry.register(rec, RegisterOptions.ttl(ttl)).block();
        elapse(ttl.dividedBy(2));
        registry.register(rec, RegisterOptions.ttl(ttl)).block();
        elapse(ttl.dividedBy(2).plusMillis(100));
        assertRead(() -> registry.getService(rec.name()), records -> assertThat(records)
                .hasSize(1));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aThousandServicesAreListed() {
        int many = manyServices();
        Flux.range(0, many)
                .flatMap(i -> registry.register(record("many-" + i, "1", "n" + i), RegisterOptions.defaults()), 64)
                .blockLast(manyServicesWait());
        assertRead(() -> registry.listServices(), all -> assertThat(all.stream()
                        .filter(r -> r.name().startsWith(prefix + "many-"))
                        .count())
                .isEqualTo(many));
    }

    @Test
    void recordWithoutNameIsABadRequest() {
        ServiceRecord nameless = new ServiceRecord(" ", "1", Map.of(), List.of(), List.of());
        StepVerifier.create(registry.register(nameless, RegisterOptions.defaults()))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify(Duration.ofSeconds(5));
    }
}
