package io.reactivemicro.transport;

import io.reactivemicro.Metadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request as it crosses the wire: the endpoint ({@code Greeter.hello}), the target service when the wire
 * names one, headers, the body's content type when it is not the connection's default, a bearer token, and
 * the body. For request-channel this is the first message.
 */
public record Request(
        String endpoint,
        @Nullable String service,
        Metadata headers,
        @Nullable String contentType,
        @Nullable String token,
        byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    public Request {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(data, "data");
    }

    /** The header part alone, for a channel whose messages follow separately. */
    public Request withoutData() {
        return new Request(endpoint, service, headers, contentType, token, EMPTY);
    }
}
