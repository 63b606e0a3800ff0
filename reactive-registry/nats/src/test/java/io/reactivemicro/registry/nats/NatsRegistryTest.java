package io.reactivemicro.registry.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.KeyValuePurgeOptions;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryConformanceKit;
import io.reactivemicro.registry.TcpProxy;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The conformance kit against the NATS server (JetStream on) at {@code nats://127.0.0.1:4222} ({@code NATS_ADDRESS}
 * overrides it), in the bucket {@code kit-registry}. The registry
 * under test talks through a loopback {@link TcpProxy} so that a test can cut its connection without disturbing the
 * shared server.
 */
@Tag("integration")
class NatsRegistryTest extends RegistryConformanceKit {

    private static final String NATS = System.getenv().getOrDefault("NATS_ADDRESS", NatsRegistry.DEFAULT_ADDRESS);

    private static final String BUCKET = "kit-registry";

    private TcpProxy proxy;
    private Registry direct;

    /**
     * Leaves the shared test bucket small: the kit's services lapse (their TTL is in the value) and reads delete
     * them, which leaves delete markers; drop those older than a minute so runs do not pile them up.
     */
    @AfterAll
    static void purgeOldDeleteMarkers() throws Exception {
        try (Connection c = Nats.connect(NATS)) {
            c.keyValue(BUCKET)
                    .purgeDeletes(KeyValuePurgeOptions.builder()
                            .deleteMarkersThreshold(Duration.ofMinutes(1))
                            .build());
        }
    }

    @Override
    protected Registry newRegistry() {
        java.net.URI uri = java.net.URI.create(NATS);
        proxy = TcpProxy.start(uri.getHost(), uri.getPort());
        direct = NatsRegistryProvider.create(NATS, BUCKET);
        return NatsRegistryProvider.create("nats://127.0.0.1:" + proxy.port(), BUCKET);
    }

    @Override
    protected void close(Registry registry) {
        ((NatsRegistry) registry).close();
        ((NatsRegistry) direct).close();
        proxy.close();
    }

    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The watch's first read (or consumer creation) is a round trip or two; 500 ms is plenty on loopback. */
    @Override
    protected void awaitWatchEstablished() {
        elapse(Duration.ofMillis(500));
    }

    @Override
    protected void cutConnection() {
        proxy.cut();
    }

    @Override
    protected void restoreConnection() {
        proxy.restore();
    }

    @Override
    protected Registry bystander() {
        return direct;
    }

    @Test
    void providerIsFoundByName() {
        assertThat(ServiceLoader.load(io.reactivemicro.registry.RegistryProvider.class).stream()
                        .map(p -> p.get().name()))
                .contains("nats");
        assertThat(registry.describe()).startsWith("nats nats://127.0.0.1:");
    }

    @Test
    void unreachableNatsIsA503NamingIt() {
        Registry nowhere = NatsRegistryProvider.create("nats://127.0.0.1:1", BUCKET);
        try {
            StepVerifier.create(nowhere.register(record("x", "1", "n"), RegisterOptions.defaults()))
                    .expectErrorSatisfies(e -> {
                        assertThat(MicroException.hasCode(e, 503)).isTrue();
                        assertThat(e.getMessage()).contains("nats nats://127.0.0.1:1");
                    })
                    .verify(Duration.ofSeconds(15));
        } finally {
            ((NatsRegistry) nowhere).close();
        }
    }
}
