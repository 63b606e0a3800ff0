package io.reactivemicro.registry;

import java.time.Duration;
import java.util.Objects;

/** How long a registration lives unless refreshed. By default 90 s, as in Go Micro. */
public record RegisterOptions(Duration ttl) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(90);

    public RegisterOptions {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
    }

    public static RegisterOptions defaults() {
        return new RegisterOptions(DEFAULT_TTL);
    }

    public static RegisterOptions ttl(Duration ttl) {
        return new RegisterOptions(ttl);
    }
}
