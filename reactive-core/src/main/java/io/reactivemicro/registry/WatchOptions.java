package io.reactivemicro.registry;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to watch: every service, or one by name; and how many events a slow watcher may fall behind before it
 * fails with an overflow error (by default 1024).
 */
public record WatchOptions(@Nullable String service, int bufferSize) {

    public static final int DEFAULT_BUFFER_SIZE = 1024;

    public WatchOptions {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize: " + bufferSize + " (expected: > 0)");
        }
    }

    public static WatchOptions all() {
        return new WatchOptions(null, DEFAULT_BUFFER_SIZE);
    }

    public static WatchOptions service(String name) {
        return new WatchOptions(Objects.requireNonNull(name, "name"), DEFAULT_BUFFER_SIZE);
    }

    boolean matches(String name) {
        return service == null || service.equals(name);
    }
}
