package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Transport;

/**
 * The facade's settings and the plugins they name, read through {@link Plugins}: the system property ({@code
 * -Dmicro.registry=...}) first, then the environment ({@code MICRO_REGISTRY}); a builder call wins over both.
 */
final class Config {

    static final String SERVER_ADDRESS = "MICRO_SERVER_ADDRESS";

    private Config() {}

    static Registry registry() {
        return Registry.fromConfig();
    }

    static Broker broker(Registry registry, Transport transport) {
        return Broker.fromConfig(registry, transport);
    }

    static Transport transport() {
        return Transport.fromConfig();
    }
}
