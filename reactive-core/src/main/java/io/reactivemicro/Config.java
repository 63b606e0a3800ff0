package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    static final String DEFAULT_BROKER = "rsocket";

    private static final Logger log = LoggerFactory.getLogger(Config.class);

    private Config() {}

    static Registry registry() {
        return Registry.fromConfig();
    }

    /**
     * The broker named by {@code MICRO_BROKER}; unset, {@code rsocket} when {@code broker-rsocket} is on the
     * classpath (the default across processes), else the JVM-wide {@code memory} broker.
     */
    static Broker broker(Registry registry, Transport transport) {
        String address = Plugins.setting(BROKER_ADDRESS, "");
        String name = Plugins.setting(BROKER);
        if (name == null) {
            return Plugins.lookup(BrokerProvider.class, BrokerProvider::name, DEFAULT_BROKER)
                    .map(p -> p.create(address, registry, transport))
                    .orElseGet(() -> {
                        log.warn(
                                "MICRO_BROKER is not set and broker-{} is not on the classpath: messages stay in this"
                                        + " JVM (memory broker)",
                                DEFAULT_BROKER);
                        return Broker.sharedMemory();
                    });
        }
        return Plugins.find(BrokerProvider.class, BrokerProvider::name, name, BROKER, "broker-" + name)
                .create(address, registry, transport);
    }

    static Transport transport() {
        String name = Plugins.setting(TRANSPORT, "rsocket");
        return Plugins.find(Transport.class, Transport::name, name, TRANSPORT, name + "-transport");
    }
}
