package io.reactivemicro.registry.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryConformanceKit;
import io.reactivemicro.registry.RegistryEvent;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.registry.WatchOptions;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The conformance kit over real multicast, kept on the loopback interface (this test must send nothing to any other
 * network). Two jmdns instances in this JVM: every change goes through the one that registers, every read and watch
 * through the other, so each assertion has crossed mDNS. Needs multicast enabled on {@code lo} (Linux: {@code ip link
 * set lo multicast on}); fails, not skips, without it.
 */
@Tag("integration")
class MdnsRegistryTest extends RegistryConformanceKit {

    // One pair for the class: a fresh responder spends ~3 s probing its host name. Names are unique per test.
    private static MdnsRegistry writer;
    private static MdnsRegistry reader;

    @BeforeAll
    static void loopbackMulticast() throws SocketException {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        assertThat(lo != null && lo.supportsMulticast())
                .as("multicast on the loopback interface (run: ip link set lo multicast on)")
                .isTrue();
        writer = (MdnsRegistry) new MdnsRegistryProvider().create("127.0.0.1");
        reader = (MdnsRegistry) new MdnsRegistryProvider().create("127.0.0.1");
        // start both responders (socket, host name probing) before the first test's clock starts
        writer.listServices().block(Duration.ofSeconds(10));
        reader.listServices().block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void closeResponders() {
        if (writer != null) {
            writer.close();
            reader.close();
        }
    }

    @Override
    protected Registry newRegistry() {
        return new Split(writer, reader);
    }

    @Override
    protected void close(Registry registry) {
        writer.withdrawAll();
    }

    /** A goodbye reaches the other cache at once but jmdns removes the entry at its next sweep, every 10 s. */
    @Override
    protected Duration propagation() {
        return Duration.ofSeconds(15);
    }

    /** The kit's thousand: 88 s here (each instance is probed and announced for 1 to 2 s, 64 at a time). */
    @Override
    protected int manyServices() {
        return 1000;
    }

    /** jmdns probes and announces each instance for 1 to 2 s, 64 at a time here. */
    @Override
    protected Duration manyServicesWait() {
        return Duration.ofMinutes(4);
    }

    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Probing and announcing a name takes jmdns about a second; withdrawing one about as long. */
    @Override
    protected Duration eventWait() {
        return Duration.ofSeconds(30);
    }

    /** Announcing takes 1 to 2 s and a reader must see the node before it expires. */
    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(6);
    }

    @Override
    protected Duration expiryWait() {
        return Duration.ofSeconds(30);
    }

    @Override
    protected void awaitWatchEstablished() {
        elapse(Duration.ofMillis(500));
    }

    /** Writes through one mDNS responder, reads and watches through another. */
    private record Split(Registry writes, Registry reads) implements Registry {
        @Override
        public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
            return writes.register(service, options);
        }

        @Override
        public Mono<Void> deregister(ServiceRecord service) {
            return writes.deregister(service);
        }

        @Override
        public Mono<List<ServiceRecord>> getService(String name) {
            return reads.getService(name);
        }

        @Override
        public Mono<List<ServiceRecord>> listServices() {
            return reads.listServices();
        }

        @Override
        public Flux<RegistryEvent> watch(WatchOptions options) {
            return reads.watch(options);
        }

        @Override
        public String describe() {
            return "split " + writes.describe();
        }
    }
}
