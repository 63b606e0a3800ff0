package io.reactivemicro.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client needs to know: the calling service's name (the {@code id} of errors raised locally), the
 * largest reply payload accepted, and how long dialling a node may take.
 */
public record ClientSettings(String service, int maxPayloadBytes, Duration connectTimeout) {

    public ClientSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes: " + maxPayloadBytes + " (expected: > 0)");
        }
    }
}
