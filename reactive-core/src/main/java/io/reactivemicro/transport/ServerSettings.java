package io.reactivemicro.transport;

import java.util.Objects;

/**
 * What a server needs to know: the service name (the {@code id} of errors it raises), the bind address
 * ({@code host:port} for TCP, {@code ws://host:port/path} for WebSocket; port 0 picks a free one), the
 * largest inbound payload it accepts per message, and how many requests one connection may have in flight.
 */
public record ServerSettings(String service, String address, int maxPayloadBytes, int maxInFlightPerConnection) {

    public ServerSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(address, "address");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes: " + maxPayloadBytes + " (expected: > 0)");
        }
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException(
                    "maxInFlightPerConnection: " + maxInFlightPerConnection + " (expected: > 0)");
        }
    }
}
