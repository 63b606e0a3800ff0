package io.reactivemicro.registry.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.registry.RegistryProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Selection and addresses; nothing is bound. */
class MdnsRegistryProviderTest {

    @Test
    void isFoundByNameAndNamesItsInterface() {
        RegistryProvider provider = ServiceLoader.load(RegistryProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("mdns"))
                .findFirst()
                .orElseThrow();
        assertThat(provider.create("127.0.0.1").describe()).isEqualTo("mdns 127.0.0.1");
        assertThat(provider.create("").describe()).isEqualTo("mdns (default interface)");
    }

    @Test
    void refusesAnAddressThatIsNoIp() {
        assertThatThrownBy(() -> new MdnsRegistryProvider().create("[::zz]"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
