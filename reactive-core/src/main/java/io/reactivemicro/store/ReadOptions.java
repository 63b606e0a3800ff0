package io.reactivemicro.store;

/**
 * How {@link Store#read(String, ReadOptions)} interprets its key, after Go Micro's {@code store.ReadOptions}:
 * with {@code prefix} the key is a prefix and every record whose key starts with it matches; with {@code
 * suffix} every record whose key ends with it (both: starts and ends with it); with neither, only the exact
 * key. Matches come in ascending key order (by {@link String#compareTo}), {@code offset} of them are skipped
 * and at most {@code limit} follow ({@code 0}, the default, means no limit).
 */
public record ReadOptions(boolean prefix, boolean suffix, int limit, int offset) {

    public ReadOptions {
        Keys.notNegative(limit, "limit");
        Keys.notNegative(offset, "offset");
    }

    /** Exact key, no limit, no offset. */
    public static ReadOptions defaults() {
        return new ReadOptions(false, false, 0, 0);
    }

    /** Every record whose key starts with the key read. */
    public static ReadOptions prefixMatch() {
        return new ReadOptions(true, false, 0, 0);
    }

    /** Every record whose key ends with the key read. */
    public static ReadOptions suffixMatch() {
        return new ReadOptions(false, true, 0, 0);
    }

    public ReadOptions withLimit(int limit) {
        return new ReadOptions(prefix, suffix, limit, offset);
    }

    public ReadOptions withOffset(int offset) {
        return new ReadOptions(prefix, suffix, limit, offset);
    }
}
