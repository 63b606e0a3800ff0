package io.reactivemicro;

import io.reactivemicro.selector.NodeFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options: deadline, retries, headers and a fixed node address. Every option left unset falls back to
 * the service's defaults (request timeout 5 s, 1 retry). Immutable; start from {@link #builder()}.
 */
public final class CallOptions {

    private static final CallOptions DEFAULTS = new Builder().build();

    private final @Nullable Duration timeout;
    private final @Nullable Integer retries;
    private final Metadata headers;
    private final @Nullable String address;
    private final List<NodeFilter> filters;

    private CallOptions(Builder b) {
        this(b.timeout, b.retries, Metadata.of(b.headers), b.address, List.copyOf(b.filters));
    }

    private CallOptions(
            @Nullable Duration timeout,
            @Nullable Integer retries,
            Metadata headers,
            @Nullable String address,
            List<NodeFilter> filters) {
        this.timeout = timeout;
        this.retries = retries;
        this.headers = headers;
        this.address = address;
        this.filters = filters;
    }

    /**
     * Options with only {@code timeout} set, checked by the caller: a handled call's time left, made on every
     * call with a deadline, without a builder's map and list.
     */
    static CallOptions timeout(Duration timeout) {
        return new CallOptions(timeout, null, Metadata.empty(), null, List.of());
    }

    /** Options with nothing set: every value comes from the service's defaults. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The deadline of the whole call, retries included; {@code null} when unset. */
    public @Nullable Duration timeout() {
        return timeout;
    }

    /** How many times a failed call may be re-sent; {@code null} when unset. */
    public @Nullable Integer retries() {
        return retries;
    }

    public Metadata headers() {
        return headers;
    }

    /** A fixed node {@code host:port} that bypasses the registry; {@code null} when unset. */
    public @Nullable String address() {
        return address;
    }

    /** Filters the candidate nodes must all pass (e.g. {@code NodeFilter.version("2.0.0")}); empty: none. */
    public List<NodeFilter> filters() {
        return filters;
    }

    @Override
    public String toString() {
        return "CallOptions{timeout=" + timeout + ", retries=" + retries + ", headers=" + headers + ", address="
                + address + "}";
    }

    /** Builds {@link CallOptions}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Duration timeout;
        private @Nullable Integer retries;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable String address;
        private final List<NodeFilter> filters = new ArrayList<>();

        private Builder() {}

        /** The deadline of the whole call, retries included. By default 5 s (the service's setting). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /** How many times a failed call may be re-sent on another node. By default 1. */
        public Builder retries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("retries: " + retries + " (expected: 0..10)");
            }
            this.retries = retries;
            return this;
        }

        /** Adds a header sent with the call and visible to the handler through {@link Metadata#from}. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sends {@code token} as the caller's bearer credentials (the wire's authentication metadata); the
         * handler reads it as the header {@code Authorization: Bearer <token>}. The same as that header.
         */
        public Builder bearerToken(String token) {
            return header(Metadata.AUTHORIZATION, "Bearer " + Objects.requireNonNull(token, "token"));
        }

        /** Sends the call to this {@code host:port}, skipping the registry (Go Micro's {@code WithAddress}). */
        public Builder address(String address) {
            Objects.requireNonNull(address, "address");
            if (address.lastIndexOf(':') <= 0) {
                throw new IllegalArgumentException("address: " + address + " (expected: host:port)");
            }
            this.address = address;
            return this;
        }

        /**
         * Only nodes that {@code filter} accepts are candidates (Go Micro's {@code FilterVersion}, {@code
         * FilterLabel}); several filters must all accept. No node left fails the call with 503.
         */
        public Builder filter(NodeFilter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
