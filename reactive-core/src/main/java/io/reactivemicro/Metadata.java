package io.reactivemicro;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.BiConsumer;
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

    private static final Comparator<String> NAMES = String.CASE_INSENSITIVE_ORDER;
    private static final Metadata EMPTY = new Metadata(new String[0], 0);
    private static final Object CONTEXT_KEY = Metadata.class;

    /**
     * Names and values, alternating, sorted by name in case-insensitive order, no name twice. A call carries a
     * handful of headers and every call adds its deadline: a copy with one header more is one array, where a
     * {@code TreeMap} copy was a map and an entry per header. Only the first {@link #length} slots are used: a
     * builder's array is kept as it is rather than copied to size.
     */
    private final String[] entries;

    private final int length;

    private Metadata(String[] entries, int length) {
        this.entries = entries;
        this.length = length;
    }

    private Metadata(String[] entries) {
        this(entries, entries.length);
    }

    public static Metadata empty() {
        return EMPTY;
    }

    /** Copies {@code map}; later changes to it are not seen. */
    public static Metadata of(Map<String, String> map) {
        Objects.requireNonNull(map, "map");
        Builder builder = new Builder(map.size());
        map.forEach(builder::put);
        return builder.build();
    }

    /** A builder, for headers read one by one (from a wire, say): no intermediate map, no copy. */
    public static Builder builder() {
        return new Builder(4);
    }

    /** Collects headers for one {@link Metadata}; a name put twice keeps its last value. Not thread-safe. */
    public static final class Builder {
        private String @Nullable [] entries;
        private int size;

        private Builder(int headers) {
            entries = new String[2 * Math.max(1, headers)];
        }

        public Builder put(String name, String value) {
            String[] current = entries;
            if (current == null) {
                throw new IllegalStateException("build() was called already");
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (size == current.length) {
                current = entries = Arrays.copyOf(current, 2 * current.length);
            }
            current[size++] = name;
            current[size++] = value;
            return this;
        }

        /** The headers put so far; the builder is spent afterwards. */
        public Metadata build() {
            String[] built = entries;
            if (built == null) {
                throw new IllegalStateException("build() was called already");
            }
            entries = null;
            if (size == 0) {
                return EMPTY;
            }
            return isSortedAndDistinct(built, size) ? new Metadata(built, size) : sorted(built, size);
        }

        private static boolean isSortedAndDistinct(String[] entries, int size) {
            for (int i = 2; i < size; i += 2) {
                if (NAMES.compare(entries[i - 2], entries[i]) >= 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Sorted by name, each name once: its first spelling and its last value. A stable sort of the
         * headers' positions, so that equal names stay in the order they were put.
         */
        private static Metadata sorted(String[] entries, int size) {
            Integer[] order = new Integer[size / 2];
            for (int i = 0; i < order.length; i++) {
                order[i] = 2 * i;
            }
            Arrays.sort(order, (a, b) -> NAMES.compare(entries[a], entries[b]));
            String[] out = new String[size];
            int n = 0;
            for (Integer at : order) {
                if (n > 0 && NAMES.compare(out[n - 2], entries[at]) == 0) {
                    out[n - 1] = entries[at + 1];
                } else {
                    out[n++] = entries[at];
                    out[n++] = entries[at + 1];
                }
            }
            return new Metadata(out, n);
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
        int i = indexOf(Objects.requireNonNull(name, "name"));
        return i >= 0 ? entries[i + 1] : null;
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(get(name));
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** How many headers there are. */
    public int size() {
        return length / 2;
    }

    /** Calls {@code action} with each header's name and value, names in case-insensitive order. */
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < length; i += 2) {
            action.accept(entries[i], entries[i + 1]);
        }
    }

    /** A copy with {@code name} set to {@code value}; a name already there keeps its spelling. */
    public Metadata with(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        int i = indexOf(name);
        if (i >= 0) {
            if (value.equals(entries[i + 1])) {
                return this;
            }
            String[] copy = Arrays.copyOf(entries, length);
            copy[i + 1] = value;
            return new Metadata(copy);
        }
        int at = -(i + 1);
        String[] copy = new String[length + 2];
        System.arraycopy(entries, 0, copy, 0, at);
        copy[at] = name;
        copy[at + 1] = value;
        System.arraycopy(entries, at, copy, at + 2, length - at);
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
        String[] a = entries;
        String[] b = other.entries;
        String[] out = new String[length + other.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < length || j < other.length) {
            int order = i == length ? 1 : j == other.length ? -1 : NAMES.compare(a[i], b[j]);
            if (order < 0) {
                out[n++] = a[i];
                out[n++] = a[i + 1];
                i += 2;
            } else if (order > 0) {
                out[n++] = b[j];
                out[n++] = b[j + 1];
                j += 2;
            } else {
                out[n++] = a[i];
                out[n++] = b[j + 1];
                i += 2;
                j += 2;
            }
        }
        return new Metadata(out, n);
    }

    /** A copy without {@code name}. */
    public Metadata without(String name) {
        int i = indexOf(Objects.requireNonNull(name, "name"));
        if (i < 0) {
            return this;
        }
        if (length == 2) {
            return EMPTY;
        }
        String[] copy = new String[length - 2];
        System.arraycopy(entries, 0, copy, 0, i);
        System.arraycopy(entries, i + 2, copy, i, length - i - 2);
        return new Metadata(copy);
    }

    /** A read-only copy, its names case-insensitive and in case-insensitive order. */
    public Map<String, String> asMap() {
        TreeMap<String, String> map = new TreeMap<>(NAMES);
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    /** The position of {@code name}'s entry, or {@code -(insertion point) - 1}, both in {@link #entries}. */
    private int indexOf(String name) {
        int low = 0;
        int high = length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = NAMES.compare(entries[2 * mid], name);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return 2 * mid;
            }
        }
        return -(2 * low) - 1;
    }

    /** Equal when they hold the same names (in any case) with the same values. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Metadata m) || m.length != length) {
            return false;
        }
        for (int i = 0; i < length; i += 2) {
            if (NAMES.compare(entries[i], m.entries[i]) != 0 || !entries[i + 1].equals(m.entries[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < length; i += 2) {
            hash += caseInsensitiveHash(entries[i]) ^ entries[i + 1].hashCode();
        }
        return hash;
    }

    /** A hash equal for names that {@link String#CASE_INSENSITIVE_ORDER} finds equal: it folds case as it does. */
    private static int caseInsensitiveHash(String name) {
        int hash = 0;
        for (int i = 0; i < name.length(); i++) {
            hash = 31 * hash + Character.toLowerCase(Character.toUpperCase(name.charAt(i)));
        }
        return hash;
    }

    /** The headers, with the value of {@link #AUTHORIZATION} left out: logging them must not leak credentials. */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ", "Metadata{", "}");
        forEach((name, value) ->
                shown.add(name + "=" + (NAMES.compare(name, AUTHORIZATION) == 0 ? "<redacted>" : value)));
        return shown.toString();
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
