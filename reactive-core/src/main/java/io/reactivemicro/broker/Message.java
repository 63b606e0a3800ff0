package io.reactivemicro.broker;

import io.reactivemicro.Metadata;
import java.util.Arrays;
import java.util.Objects;

/** A published message: headers (content type, sender, trace context, user headers) and an opaque body. */
public final class Message {

    /** The header naming the body's content type; absent means {@code application/json}. */
    public static final String CONTENT_TYPE = "Content-Type";

    private final Metadata headers;
    private final byte[] body;

    private Message(Metadata headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    /** A message; {@code body} is not copied, so do not change it afterwards. */
    public static Message of(Metadata headers, byte[] body) {
        return new Message(Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(body, "body"));
    }

    public Metadata headers() {
        return headers;
    }

    /** The body; not a copy, so do not change it. */
    public byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && headers.equals(m.headers) && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Message{headers=" + headers + ", body=" + body.length + " bytes}";
    }
}
