package io.reactivemicro.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How every part of Reactive Micro reads its settings and finds its plugins, in one place. A key such as
 * {@code MICRO_STORE} is read from the system property {@code micro.store} (what the CLI's flags set), then
 * from the environment; a plugin is found by name through {@link ServiceLoader}, and a name with no plugin on
 * the classpath is an {@link IllegalStateException} naming the artifact to add.
 */
public final class Plugins {

    private Plugins() {}

    /** The value of {@code key}, or {@code null} when neither the system property nor the environment sets it. */
    public static @Nullable String setting(String key) {
        String property = System.getProperty(key.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String env = System.getenv(key);
        return env == null || env.isBlank() ? null : env.trim();
    }

    /** The value of {@code key}, or {@code fallback}. */
    public static String setting(String key, String fallback) {
        String value = setting(key);
        return value == null ? fallback : value;
    }

    /**
     * The {@code type} plugin called {@code name} (case-insensitive); {@code key} (e.g. {@code MICRO_STORE})
     * and {@code artifact} (e.g. {@code store-file}) only make the error say what to do.
     */
    public static <P> P find(Class<P> type, Function<P, String> nameOf, String name, String key, String artifact) {
        return lookup(type, nameOf, name)
                .orElseThrow(() -> new IllegalStateException(key + "=" + name + ": no "
                        + type.getSimpleName().replace("Provider", "") + " plugin named '" + name
                        + "' on the classpath (available: " + names(type, nameOf)
                        + "); add the dependency io.reactivemicro:"
                        + artifact));
    }

    /** The {@code type} plugin called {@code name} (case-insensitive), if one is on the classpath. */
    public static <P> Optional<P> lookup(Class<P> type, Function<P, String> nameOf, String name) {
        for (P plugin : ServiceLoader.load(type, type.getClassLoader())) {
            if (nameOf.apply(plugin).equalsIgnoreCase(name)) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }

    private static <P> List<String> names(Class<P> type, Function<P, String> nameOf) {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(type, type.getClassLoader()).forEach(p -> names.add(nameOf.apply(p)));
        return names;
    }
}
