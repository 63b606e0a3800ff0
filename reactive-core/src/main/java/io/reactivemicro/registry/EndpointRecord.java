package io.reactivemicro.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of a service: its name ({@code Greeter.hello}), the JSON Schema of its request and response
 * derived from the Java types, its {@code stream} shape ({@code none}, {@code server} or {@code bidi}) and
 * metadata (e.g. {@code idempotent=true}).
 */
public record EndpointRecord(
        String name,
        Map<String, Object> request,
        Map<String, Object> response,
        String stream,
        Map<String, String> metadata) {

    public EndpointRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(stream, "stream");
        metadata = Map.copyOf(metadata);
    }
}
