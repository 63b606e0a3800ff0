package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import io.reactivemicro.transport.Transport;

/**
 * The facade's settings and the plugins they name, read through {@link Plugins}: the system property ({@code
 * -Dmicro.registry=...}) first, then the environment ({@code MICRO_REGISTRY}); a builder call wins over both.
 */
final class Config {

    static final String REGISTRY = "MICRO_REGISTRY";
    static final String REGISTRY_ADDRESS = "MICRO_REGISTRY_ADDRESS";
    static final String BROKER = "MICRO_BROKER";
    static final String BROKER_ADDRESS = "MICRO_BROKER_ADDRESS";
    static final String TRANSPORT = "MICRO_TRANSPORT";
    static final String SERVER_ADDRESS = "MICRO_SERVER_ADDRESS";

    private Config() {}

    static Registry registry() {
        String name = Plugins.setting(REGISTRY, "mdns");
        return Plugins.find(RegistryProvider.class, RegistryProvider::name, name, REGISTRY, "registry-" + name)
                .create(Plugins.setting(REGISTRY_ADDRESS, ""));
    }

    static Broker broker() {
        String name = Plugins.setting(BROKER, "memory");
        return Plugins.find(BrokerProvider.class, BrokerProvider::name, name, BROKER, "broker-" + name)
                .create(Plugins.setting(BROKER_ADDRESS, ""));
    }

    static Transport transport() {
        String name = Plugins.setting(TRANSPORT, "rsocket");
        return Plugins.find(Transport.class, Transport::name, name, TRANSPORT, name + "-transport");
    }
}
