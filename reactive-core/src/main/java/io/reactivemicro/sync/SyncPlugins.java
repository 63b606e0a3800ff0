package io.reactivemicro.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** {@code MICRO_SYNC} lookup and plugin discovery, as {@code io.reactivemicro.Config} does for the registry. */
final class SyncPlugins {

    private SyncPlugins() {}

    static String get(String key, String fallback) {
        String property = System.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        @Nullable String env = System.getenv(key);
        return env == null || env.isBlank() ? fallback : env.trim();
    }

    static SyncProvider find(String name) {
        List<String> available = new ArrayList<>();
        for (SyncProvider p : ServiceLoader.load(SyncProvider.class, SyncPlugins.class.getClassLoader())) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
            available.add(p.name());
        }
        String artifact = name.equalsIgnoreCase("redis") ? "store-redis" : "sync-" + name;
        throw new IllegalStateException("MICRO_SYNC=" + name + ": no Sync plugin named '" + name
                + "' on the classpath (available: " + available + "); add the dependency io.reactivemicro:"
                + artifact);
    }
}
