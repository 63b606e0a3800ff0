package io.reactivemicro.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Sync#lock(String, LockOptions)} takes a lock: {@code ttl}, after which a lock not unlocked is
 * released anyway (so a holder that died frees it; by default {@value #DEFAULT_TTL_SECONDS} s), and {@code
 * waitTimeout}, how long to wait for a lock someone else holds before failing with 408 (by default {@value
 * #DEFAULT_WAIT_SECONDS} s; {@link Duration#ZERO} tries once).
 */
public record LockOptions(Duration ttl, Duration waitTimeout) {

    public static final int DEFAULT_TTL_SECONDS = 30;
    public static final int DEFAULT_WAIT_SECONDS = 10;

    public LockOptions {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        if (ttl.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= 10ms)");
        }
        if (waitTimeout.isNegative()) {
            throw new IllegalArgumentException("waitTimeout: " + waitTimeout + " (expected: >= 0)");
        }
    }

    public static LockOptions defaults() {
        return new LockOptions(Duration.ofSeconds(DEFAULT_TTL_SECONDS), Duration.ofSeconds(DEFAULT_WAIT_SECONDS));
    }

    public LockOptions withTtl(Duration ttl) {
        return new LockOptions(ttl, waitTimeout);
    }

    public LockOptions withWaitTimeout(Duration waitTimeout) {
        return new LockOptions(ttl, waitTimeout);
    }
}
