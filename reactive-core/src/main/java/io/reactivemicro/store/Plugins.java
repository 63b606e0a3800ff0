package io.reactivemicro.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Configuration lookup and plugin discovery for the store, as {@code io.reactivemicro.Config} does it for the
 * registry and broker (kept here so that the store package needs nothing package-private from the facade): a
 * key such as {@code MICRO_STORE} is read from the system property {@code micro.store}, then the environment.
 */
final class Plugins {

    static final String STORE = "MICRO_STORE";
    static final String STORE_ADDRESS = "MICRO_STORE_ADDRESS";

    private Plugins() {}

    static String get(String key, String fallback) {
        String property = System.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        @Nullable String env = System.getenv(key);
        return env == null || env.isBlank() ? fallback : env.trim();
    }

    static <P> P find(Class<P> type, Function<P, String> nameOf, String name, String key, String artifactPrefix) {
        List<String> available = new ArrayList<>();
        for (P plugin : ServiceLoader.load(type, Plugins.class.getClassLoader())) {
            String pluginName = nameOf.apply(plugin);
            if (pluginName.equalsIgnoreCase(name)) {
                return plugin;
            }
            available.add(pluginName);
        }
        throw new IllegalStateException(
                key + "=" + name + ": no " + type.getSimpleName().replace("Provider", "")
                        + " plugin named '" + name + "' on the classpath (available: " + available
                        + "); add the dependency io.reactivemicro:" + artifactPrefix + name);
    }
}
