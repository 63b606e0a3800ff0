package io.reactivemicro.registry.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegistryProvider;
import io.reactivemicro.registry.ServiceRecord;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Selection, addresses and key layout; nothing is dialled. */
class NatsRegistryProviderTest {

    @Test
    void isFoundByNameAndDefaultsToTheLocalServer() {
        RegistryProvider provider = ServiceLoader.load(RegistryProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("nats"))
                .findFirst()
                .orElseThrow();
        assertThat(provider.create("").describe()).isEqualTo("nats nats://127.0.0.1:4222");
    }

    @Test
    void refusesABucketNameNatsWouldRefuse() {
        assertThatThrownBy(() -> NatsRegistryProvider.create("", "micro.registry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket");
    }

    @Test
    void keysAreThreeKvTokensEvenWhenVersionsHoldDots() {
        ServiceRecord rec = new ServiceRecord("go.micro.greeter", "1.2.3", Map.of(), List.of(), List.of());
        String key = NatsRegistry.key(rec, new Node("node/1", "h:1", Map.of()));
        assertThat(key.split("\\.")).hasSize(3);
        assertThat(key).matches("[-_A-Za-z0-9.]+");
        assertThat(NatsRegistry.untoken(key.split("\\.")[1])).isEqualTo("1.2.3");
    }
}
