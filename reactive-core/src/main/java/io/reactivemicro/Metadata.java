package io.reactivemicro;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Immutable string headers that travel with a call: {@code traceparent}, {@code Micro-From-Service}, {@code
 * Micro-Deadline} and any user metadata. Names are case-insensitive, as in HTTP. Inside a handler the caller's
 * headers are in the Reactor {@code Context}: {@code Mono.deferContextual(ctx -> ...Metadata.from(ctx)...)}.
 */
public final class Metadata {

    /** Sent by every client: the calling service's name. */
    public static final String FROM_SERVICE = "Micro-From-Service";
    /** The caller's deadline, epoch milliseconds; the server cancels the handler when it passes. */
    public static final String DEADLINE = "Micro-Deadline";
    /** W3C trace context, propagated from the handler's incoming call to its outgoing calls. */
    public static final String TRACEPARENT = "traceparent";

    /**
     * The caller's credentials, {@code Bearer <token>}. A bearer token does not travel as a header: the client
     * sends it as the wire's authentication metadata ({@code message/x.rsocket.authentication.v0}) and the
     * server puts it back under this name, so handlers and interceptors read it like any header.
     */
    public static final String AUTHORIZATION = "Authorization";

    private static final String BEARER = "Bearer ";

    private static final Metadata EMPTY = new Metadata(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    private static final Object CONTEXT_KEY = Metadata.class;

    private final TreeMap<String, String> values;

    private Metadata(TreeMap<String, String> values) {
        this.values = values;
    }

    public static Metadata empty() {
        return EMPTY;
    }

    /** Copies {@code map}; later changes to it are not seen. */
    public static Metadata of(Map<String, String> map) {
        Objects.requireNonNull(map, "map");
        if (map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, "value")));
        return new Metadata(copy);
    }

    /** A builder, for headers read one by one (from a wire, say): no intermediate map, no copy. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects headers for one {@link Metadata}; a name put twice keeps its last value. Not thread-safe. */
    public static final class Builder {
        private @Nullable TreeMap<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {}

        public Builder put(String name, String value) {
            if (values == null) {
                throw new IllegalStateException("build() was called already");
            }
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The headers put so far; the builder is spent afterwards. */
        public Metadata build() {
            TreeMap<String, String> built = values;
            if (built == null) {
                throw new IllegalStateException("build() was called already");
            }
            values = null;
            return built.isEmpty() ? EMPTY : new Metadata(built);
        }
    }

    /** The headers of the call being handled, or {@link #empty()} outside a handler. */
    public static Metadata from(ContextView context) {
        return context.getOrDefault(CONTEXT_KEY, EMPTY);
    }

    /** {@code context} with these headers as the current call's headers. */
    public Context into(Context context) {
        return context.put(CONTEXT_KEY, this);
    }

    public @Nullable String get(String name) {
        return values.get(name);
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy with {@code name} set to {@code value}. */
    public Metadata with(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.equals(values.get(name))) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.put(name, value);
        return new Metadata(copy);
    }

    /** A copy with every header of {@code other} added, {@code other} winning on a clash. */
    public Metadata with(Metadata other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.putAll(other.values);
        return new Metadata(copy);
    }

    /** A copy without {@code name}. */
    public Metadata without(String name) {
        if (!values.containsKey(name)) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.remove(name);
        return new Metadata(copy);
    }

    /** A read-only view, names in case-insensitive order. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && values.equals(m.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** The headers, with the value of {@link #AUTHORIZATION} left out: logging them must not leak credentials. */
    @Override
    public String toString() {
        if (!values.containsKey(AUTHORIZATION)) {
            return "Metadata" + values;
        }
        Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        shown.putAll(values);
        shown.put(AUTHORIZATION, "<redacted>");
        return "Metadata" + shown;
    }

    /** The bearer token of {@link #AUTHORIZATION} ({@code Bearer <token>}, case-insensitive scheme), if any. */
    public @Nullable String bearerToken() {
        String value = get(AUTHORIZATION);
        return value != null && value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? value.substring(BEARER.length()).trim()
                : null;
    }

    /** These headers with {@code Authorization: Bearer <token>}. */
    public Metadata withBearerToken(String token) {
        return with(AUTHORIZATION, BEARER + Objects.requireNonNull(token, "token"));
    }
}
