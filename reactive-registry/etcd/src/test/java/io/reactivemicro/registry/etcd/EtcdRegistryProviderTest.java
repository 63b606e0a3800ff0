package io.reactivemicro.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Selection and addresses; nothing is dialled. */
class EtcdRegistryProviderTest {

    @Test
    void isFoundByNameAndDefaultsToTheLocalEtcd() {
        RegistryProvider provider = ServiceLoader.load(RegistryProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("etcd"))
                .findFirst()
                .orElseThrow();
        Registry registry = provider.create("");
        try {
            assertThat(registry.describe()).isEqualTo("etcd 127.0.0.1:2379");
        } finally {
            ((EtcdRegistry) registry).close();
        }
    }

    @Test
    void takesAListOfEndpoints() {
        Registry registry = new EtcdRegistryProvider().create("127.0.0.2:2379, http://127.0.0.3:2379");
        try {
            assertThat(registry.describe()).isEqualTo("etcd 127.0.0.2:2379, http://127.0.0.3:2379");
        } finally {
            ((EtcdRegistry) registry).close();
        }
    }

    @Test
    void refusesAPrefixThatIsNotADirectory() {
        assertThatThrownBy(() -> EtcdRegistryProvider.create("", "/micro"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }
}
