package io.reactivemicro.store;

import java.util.Objects;

/**
 * Which keys {@link Store#list(ListOptions)} returns, after Go Micro's {@code store.ListOptions}: keys that
 * start with {@code prefix} and end with {@code suffix} (empty, the default, matches any), in ascending order
 * (by {@link String#compareTo}), {@code offset} of them skipped, at most {@code limit} ({@code 0}, the default,
 * means no limit).
 */
public record ListOptions(String prefix, String suffix, int limit, int offset) {

    public ListOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        Keys.notNegative(limit, "limit");
        Keys.notNegative(offset, "offset");
    }

    /** Every key. */
    public static ListOptions all() {
        return new ListOptions("", "", 0, 0);
    }

    /** Keys starting with {@code prefix}. */
    public static ListOptions prefix(String prefix) {
        return new ListOptions(prefix, "", 0, 0);
    }

    public ListOptions withSuffix(String suffix) {
        return new ListOptions(prefix, suffix, limit, offset);
    }

    public ListOptions withLimit(int limit) {
        return new ListOptions(prefix, suffix, limit, offset);
    }

    public ListOptions withOffset(int offset) {
        return new ListOptions(prefix, suffix, limit, offset);
    }

    /** Whether {@code key} passes the prefix and suffix filters. */
    public boolean matches(String key) {
        return key.startsWith(prefix) && key.endsWith(suffix);
    }
}
