package io.reactivemicro.broker.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.broker.Collector;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.registry.nats.NatsRegistryProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/**
 * The rsocket broker across real processes: three subscriber JVMs (two in a queue group, one broadcast) that
 * find each other and the publisher through the NATS registry (at {@code MICRO_REGISTRY_ADDRESS}, else
 * 127.0.0.1:4222). One group member is killed with SIGKILL, so its advertisement stays in the registry until
 * its TTL: once the publisher has seen its connection close (a message written just before that is lost:
 * at-most-once), every group message must reach the survivor.
 */
@Tag("integration")
class RSocketBrokerProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NATS = System.getenv().getOrDefault("MICRO_REGISTRY_ADDRESS", "nats://127.0.0.1:4222");

    private final String topic = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Child> children = new ArrayList<>();
    private Registry registry;
    private Service dispatcher;

    @AfterEach
    void stop() {
        children.forEach(c -> c.process.destroyForcibly());
        if (dispatcher != null) {
            dispatcher.stop().block(WAIT);
        }
        if (registry instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void groupAndBroadcastAcrossProcessesSurviveAKilledMember() throws Exception {
        registry = new NatsRegistryProvider().create(NATS);
        Child a = launch("worker-a", "workers");
        Child b = launch("worker-b", "workers");
        Child auditor = launch("auditor", "-");
        dispatcher = Micro.service("dispatcher").registry(registry).build();
        dispatcher.start().block(WAIT);
        Collector.await(() -> advertised() == 3, WAIT, () -> "advertised nodes: " + advertised());

        int n = 50;
        publish(0, n);
        Collector.await(
                () -> a.got.size() + b.got.size() == n && auditor.got.size() == n,
                WAIT,
                () -> "group " + (a.got.size() + b.got.size()) + ", broadcast " + auditor.got.size());
        assertThat(Stream.concat(a.got.stream(), b.got.stream())).containsExactlyInAnyOrderElementsOf(texts(0, n));
        assertThat(a.got).isNotEmpty();
        assertThat(b.got).isNotEmpty();

        a.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        // At-most-once: a message written to the dead member's connection before the publisher saw it close is
        // lost. Probe until one reaches the survivor; from then on every message must.
        int lost = 0;
        for (int before = b.got.size(); b.got.size() == before; lost++) {
            assertThat(lost).as("probes lost after the kill").isLessThan(10);
            dispatcher.client().publish(topic, "probe " + lost).block(WAIT);
            Collector.sleep(Duration.ofMillis(100));
        }
        int before = b.got.size();
        int audited = auditor.got.size();
        publish(n, 2 * n);
        Collector.await(
                () -> b.got.size() == before + n && auditor.got.size() == audited + n,
                WAIT,
                () -> "survivor " + (b.got.size() - before) + " of " + n + ", broadcast "
                        + (auditor.got.size() - audited));
        assertThat(b.got).containsAll(texts(n, 2 * n));
        assertThat(advertised()).isEqualTo(3); // the killed node is still advertised: it was skipped, not forgotten
    }

    private int advertised() {
        List<ServiceRecord> records =
                registry.getService(RSocketBroker.SERVICE_PREFIX + topic).block(WAIT);
        return records.stream().mapToInt(r -> r.nodes().size()).sum();
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            dispatcher.client().publish(topic, "job " + i).block(WAIT);
        }
    }

    private static List<String> texts(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "job " + i).toList();
    }

    private Child launch(String name, String queue) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-Dmicro.registry=nats",
                        "-Dmicro.registry.address=" + NATS,
                        BrokerNodeMain.class.getName(),
                        name,
                        topic,
                        queue)
                .redirectErrorStream(true);
        pb.environment().remove("MICRO_BROKER");
        Process process = pb.start();
        Child child = new Child(name, process, new ConcurrentLinkedQueue<>());
        children.add(child);
        Sinks.Empty<Void> ready = Sinks.empty();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = out.readLine()) != null; ) {
                            if (line.equals("READY")) {
                                ready.tryEmitEmpty();
                            } else if (line.startsWith("GOT ")) {
                                child.got.add(line.substring(4));
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    ready.tryEmitError(new IllegalStateException(name + " exited before it was ready"));
                },
                name + "-output");
        reader.setDaemon(true);
        reader.start();
        ready.asMono().block(WAIT);
        return child;
    }

    private record Child(String name, Process process, Queue<String> got) {}
}
