package io.reactivemicro.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.MicroException;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryConformanceKit;
import io.reactivemicro.registry.TcpProxy;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The conformance kit against the etcd on {@code 127.0.0.1:2379} ({@code ETCD_ADDRESS} overrides it). The registry
 * under test talks through a loopback {@link TcpProxy} so that a test can cut its connection without disturbing the
 * shared server.
 */
@Tag("integration")
class EtcdRegistryTest extends RegistryConformanceKit {

    private static final String ETCD = System.getenv().getOrDefault("ETCD_ADDRESS", EtcdRegistry.DEFAULT_ADDRESS);

    private TcpProxy proxy;
    private Registry direct;

    @Override
    protected Registry newRegistry() {
        String[] hostPort = ETCD.split(":");
        proxy = TcpProxy.start(hostPort[0], Integer.parseInt(hostPort[1]));
        direct = EtcdRegistryProvider.create(ETCD, EtcdRegistry.DEFAULT_PREFIX);
        return EtcdRegistryProvider.create("127.0.0.1:" + proxy.port(), EtcdRegistry.DEFAULT_PREFIX);
    }

    @Override
    protected void close(Registry registry) {
        ((EtcdRegistry) registry).close();
        ((EtcdRegistry) direct).close();
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
                .contains("etcd");
        assertThat(registry.describe()).startsWith("etcd 127.0.0.1:");
    }

    @Test
    void unreachableEtcdIsA503NamingIt() {
        Registry nowhere = EtcdRegistryProvider.create("127.0.0.1:1", EtcdRegistry.DEFAULT_PREFIX);
        try {
            StepVerifier.create(nowhere.register(record("x", "1", "n"), RegisterOptions.defaults()))
                    .expectErrorSatisfies(e -> {
                        assertThat(MicroException.hasCode(e, 503)).isTrue();
                        assertThat(e.getMessage()).contains("etcd 127.0.0.1:1");
                    })
                    .verify(Duration.ofSeconds(15));
        } finally {
            ((EtcdRegistry) nowhere).close();
        }
    }
}
