package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.rsocket.TestApi.Req;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Discovery proved with separate processes: three {@link NodeMain} server processes and this JVM as the
 * client, all sharing a real distributed registry that the subclass names. Load is idempotent calls ({@code
 * TestApi.where}) at 16 in flight, bounded in count and time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ClusterScenarios {

    static final Duration TTL = Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterScenarios.class);
    static final Duration START_WAIT = Duration.ofSeconds(60);

    /** The registry plugin's name, as {@code MICRO_REGISTRY} would give it. */
    protected abstract String registryName();

    /** The registry's address, as {@code MICRO_REGISTRY_ADDRESS} would give it. */
    protected abstract String registryAddress();

    /** This JVM's instance of the same registry. */
    protected abstract Registry registry();

    private final String service =
            "cluster-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final RecordingSelector selector = new RecordingSelector();
    private Service client;
    private TestApi api;
    private int nextId;

    @BeforeAll
    void startCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(launch());
        }
        client = Micro.service("cluster-client")
                .registry(registry())
                .selector(selector)
                .build();
        client.start().block(START_WAIT);
        api = client.client().proxy(TestApi.class, service);
    }

    @AfterAll
    void stopCluster() {
        nodes.forEach(n -> n.process.destroyForcibly());
        if (client != null) {
            client.stop().block(START_WAIT);
        }
    }

    /** Starts a node process and waits until it prints READY (it is registered then). */
    private NodeProcess launch() throws IOException {
        String id = "node-" + (++nextId);
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dmicro.registry=" + registryName(),
                        "-Dmicro.registry.address=" + registryAddress(),
                        "-Dttl.seconds=" + TTL.toSeconds(),
                        "-Dcluster.service=" + service,
                        NodeMain.class.getName(),
                        id)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("MICRO_REGISTRY");
        Process process = pb.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Sinks.One<String> ready = Sinks.one();
        Thread reader = new Thread(
                () -> {
                    try {
                        for (String line; (line = out.readLine()) != null; ) {
                            if (line.startsWith("READY ")) {
                                ready.tryEmitValue(line.substring(6));
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    ready.tryEmitError(new IllegalStateException(id + " exited before it was ready"));
                },
                id + "-output");
        reader.setDaemon(true);
        reader.start();
        String address = ready.asMono().block(START_WAIT);
        return new NodeProcess(id, address, process);
    }

    /** Runs idempotent calls at 16 in flight until {@code stop} emits (at most 200,000 calls, 60 s). */
    private Load load(Mono<?> stop) {
        Map<String, AtomicLong> answered = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        Disposable running = Flux.range(0, 200_000)
                .flatMap(
                        i -> api.where(new Req("x"))
                                .doOnNext(r -> answered.computeIfAbsent(r.text(), k -> new AtomicLong())
                                        .incrementAndGet())
                                .onErrorResume(e -> {
                                    failed.incrementAndGet();
                                    return Mono.empty();
                                }),
                        16)
                .take(Duration.ofSeconds(60))
                .takeUntilOther(stop)
                .subscribe();
        return new Load(answered, failed, running);
    }

    record Load(Map<String, AtomicLong> answered, AtomicLong failed, Disposable running) {
        long total() {
            return answered.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    record NodeProcess(String id, String address, Process process) {}

    @Test
    @Order(1)
    void steadyLoadReachesEveryNode() {
        Load load = load(Mono.delay(Duration.ofSeconds(3)));
        Flux.interval(Duration.ofMillis(50))
                .takeUntil(t -> load.running().isDisposed())
                .blockLast(START_WAIT);
        long total = load.total();
        log.info("FIGURE {} spread: {} calls in 3 s, per node {}", registryName(), total, load.answered());
        assertThat(load.failed().get()).isZero();
        assertThat(load.answered()).containsOnlyKeys("node-1", "node-2", "node-3");
        load.answered().forEach((node, n) -> assertThat(n.get())
                .as("calls answered by %s of %d", node, total)
                .isGreaterThanOrEqualTo(total / 5));
    }

    @Test
    @Order(2)
    void aNodeAddedDuringLoadGetsCallsWithinOneSecondOfRegistering() throws Exception {
        Sinks.Empty<Void> stop = Sinks.empty();
        Load load = load(stop.asMono());
        NodeProcess added = launch();
        long registeredAt = System.nanoTime();
        nodes.add(added);
        Long firstAnswer = Flux.interval(Duration.ofMillis(10))
                .filter(t -> load.answered().containsKey(added.id()))
                .map(t -> System.nanoTime())
                .next()
                .block(Duration.ofSeconds(5));
        stop.tryEmitEmpty();
        assertThat(firstAnswer).isNotNull();
        log.info(
                "FIGURE {} added node: first call {} ms after it registered",
                registryName(),
                (firstAnswer - registeredAt) / 1_000_000);
        assertThat(Duration.ofNanos(firstAnswer - registeredAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(load.failed().get()).isZero();
    }

    @Test
    @Order(3)
    void killingANodeFailsNoIdempotentCallAndItIsDroppedQuickly() throws Exception {
        Sinks.Empty<Void> stop = Sinks.empty();
        Load load = load(stop.asMono());
        Flux.interval(Duration.ofMillis(10)).filter(t -> load.total() > 500).blockFirst(START_WAIT);
        NodeProcess victim = nodes.remove(0);
        long killedAt = System.nanoTime();
        victim.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        // keep the load on for a few seconds after the kill
        Mono.delay(Duration.ofSeconds(4)).block();
        long picksAfterOneSecond = selector.picksOf(
                victim.address(), killedAt + Duration.ofSeconds(1).toNanos());
        stop.tryEmitEmpty();

        log.info(
                "FIGURE {} kill -9: {} calls, {} failed, dead node picked {} times a second after the kill",
                registryName(),
                load.total(),
                load.failed().get(),
                picksAfterOneSecond);
        assertThat(load.failed().get()).as("failed idempotent calls").isZero();
        assertThat(picksAfterOneSecond)
                .as("calls sent to the dead node a second after the kill")
                .isZero();

        // the registry itself forgets the node within its TTL (plus one sweep)
        List<String> addresses = Flux.interval(Duration.ofMillis(200))
                .concatMap(t -> registry().getService(service))
                .map(records -> records.stream()
                        .flatMap(r -> r.nodes().stream())
                        .map(Node::address)
                        .toList())
                .filter(list -> !list.contains(victim.address()))
                .next()
                .block(TTL.plusSeconds(10));
        assertThat(addresses).doesNotContain(victim.address());
        log.info(
                "FIGURE {} kill -9: registry dropped the node {} ms after the kill",
                registryName(),
                (System.nanoTime() - killedAt) / 1_000_000);
    }

    @Test
    @Order(4)
    void rollingRestartUnderLoadFailsNoCall() throws Exception {
        Sinks.Empty<Void> stop = Sinks.empty();
        Load load = load(stop.asMono());
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess old = nodes.get(i);
            old.process().destroy();
            assertThat(old.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            nodes.set(i, launch());
        }
        Mono.delay(Duration.ofSeconds(1)).block();
        stop.tryEmitEmpty();
        log.info(
                "FIGURE {} rolling restart: {} calls, {} failed",
                registryName(),
                load.total(),
                load.failed().get());
        assertThat(load.failed().get())
                .as("failed calls during the rolling restart")
                .isZero();
        assertThat(load.total()).isGreaterThan(100);
        List<ServiceRecord> records = registry().getService(service).block(START_WAIT);
        assertThat(records.stream().mapToLong(r -> r.nodes().size()).sum()).isEqualTo(nodes.size());
    }
}
