package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Transport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class ConfigTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("micro.registry");
        System.clearProperty("micro.transport");
    }

    @Test
    void unknownRegistryNamesTheArtifactToAdd() {
        System.setProperty("micro.registry", "etcd");
        assertThatThrownBy(() -> Micro.service("svc").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_REGISTRY=etcd")
                .hasMessageContaining("available: [memory]")
                .hasMessageContaining("io.reactivemicro:registry-etcd");
    }

    @Test
    void missingTransportNamesTheArtifactToAdd() {
        assertThatThrownBy(
                        () -> Micro.service("svc").registry(Registry.memory()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_TRANSPORT=rsocket")
                .hasMessageContaining("io.reactivemicro:rsocket-transport");
    }

    @Test
    void theDefaultRegistryIsMdnsAndNamesItsArtifact() {
        assertThatThrownBy(Config::registry)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_REGISTRY=mdns")
                .hasMessageContaining("io.reactivemicro:registry-mdns");
    }

    @Test
    void memoryRegistryByNameIsTheSharedOne() {
        System.setProperty("micro.registry", "memory");
        assertThat(Config.registry()).isSameAs(Registry.sharedMemory());
    }

    @Test
    void registryAndTransportByNameForToolsThatReadThemDirectly() {
        assertThat(Registry.named("memory", "")).isSameAs(Registry.sharedMemory());
        System.setProperty("micro.registry", "memory");
        assertThat(Registry.fromConfig()).isSameAs(Registry.sharedMemory());
        assertThatThrownBy(() -> Registry.named("etcd", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_REGISTRY=etcd")
                .hasMessageContaining("io.reactivemicro:registry-etcd");
        assertThatThrownBy(Transport::fromConfig).hasMessageContaining("io.reactivemicro:rsocket-transport");
    }

    @Test
    void builderRejectsBadArgumentsAtOnce() {
        assertThatThrownBy(() -> Micro.service("bad name")).hasMessageContaining("name: 'bad name'");
        assertThatThrownBy(() -> Micro.service("svc").requestTimeout(Duration.ZERO))
                .hasMessageContaining("expected: > 0");
        assertThatThrownBy(() -> Micro.service("svc").retries(11)).hasMessageContaining("0..10");
        assertThatThrownBy(() -> CallOptions.builder().address("nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Micro.service("svc").handler(Runnable.class, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Runnable.run must return Mono<R> or Flux<R>");
    }

    @Test
    void blockHoundGuardsNonBlockingThreadsInTests() {
        StepVerifier.create(Mono.fromCallable(() -> {
                            Thread.sleep(1);
                            return "slept";
                        })
                        .subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}
