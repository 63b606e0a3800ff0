package io.reactivemicro.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One running instance of a service: a unique id, the address clients dial ({@code host:port} for RSocket
 * over TCP, {@code ws://host:port/path} over WebSocket) and metadata ({@code transport}, {@code protocol},
 * {@code broker}, {@code registry}, {@code server}).
 */
public record Node(String id, String address, Map<String, String> metadata) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        metadata = Map.copyOf(metadata);
    }
}
