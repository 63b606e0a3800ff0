package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;
import io.reactivemicro.events.Events;
import io.reactivemicro.events.EventsProvider;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import io.reactivemicro.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Settings from outside the code and the plugins they name. A key such as {@code MICRO_REGISTRY} is read from
 * the system property {@code micro.registry} (what the CLI's {@code --registry} flag sets), then from the
 * environment; a builder call wins over both.
 */
final class Config {

    static final String REGISTRY = "MICRO_REGISTRY";
    static final String REGISTRY_ADDRESS = "MICRO_REGISTRY_ADDRESS";
    static final String BROKER = "MICRO_BROKER";
    static final String BROKER_ADDRESS = "MICRO_BROKER_ADDRESS";
    static final String EVENTS = "MICRO_EVENTS";
    static final String EVENTS_ADDRESS = "MICRO_EVENTS_ADDRESS";
    static final String TRANSPORT = "MICRO_TRANSPORT";
    static final String SERVER_ADDRESS = "MICRO_SERVER_ADDRESS";

    private Config() {}

    static @Nullable String get(String key) {
        String property = System.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = System.getenv(key);
        return env == null || env.isBlank() ? null : env.trim();
    }

    static String get(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    static Registry registry() {
        String name = get(REGISTRY, "memory");
        RegistryProvider p = find(RegistryProvider.class, RegistryProvider::name, name, REGISTRY, "registry-");
        return p.create(get(REGISTRY_ADDRESS, ""));
    }

    static Broker broker() {
        String name = get(BROKER, "memory");
        BrokerProvider p = find(BrokerProvider.class, BrokerProvider::name, name, BROKER, "broker-");
        return p.create(get(BROKER_ADDRESS, ""));
    }

    /** The events backend {@code MICRO_EVENTS} names (default {@code memory}) at {@code MICRO_EVENTS_ADDRESS}. */
    static Events events() {
        String name = get(EVENTS, "memory");
        EventsProvider p = find(EventsProvider.class, EventsProvider::name, name, EVENTS, "broker-");
        return p.create(get(EVENTS_ADDRESS, ""));
    }

    static Transport transport() {
        String name = get(TRANSPORT, "rsocket");
        return find(Transport.class, Transport::name, name, TRANSPORT, "");
    }

    /**
     * The plugin called {@code name}; when none is on the classpath, an {@link IllegalStateException} naming
     * the setting, what is available and the artifact to add.
     */
    static <P> P find(Class<P> type, Function<P, String> nameOf, String name, String key, String artifactPrefix) {
        List<String> available = new ArrayList<>();
        for (P plugin : ServiceLoader.load(type, Config.class.getClassLoader())) {
            String pluginName = nameOf.apply(plugin);
            if (pluginName.equalsIgnoreCase(name)) {
                return plugin;
            }
            available.add(pluginName);
        }
        String artifact = artifactPrefix.isEmpty() ? name + "-transport" : artifactPrefix + name;
        throw new IllegalStateException(
                key + "=" + name + ": no " + type.getSimpleName().replace("Provider", "")
                        + " plugin named '" + name + "' on the classpath (available: " + available
                        + "); add the dependency io.reactivemicro:" + artifact);
    }
}
