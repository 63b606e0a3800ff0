package io.reactivemicro.store;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Extras for {@link Store#write(Record, WriteOptions)}: a {@code ttl} after which the record is gone
 * ({@link Duration#ZERO}, the default, keeps the record's own {@link Record#expiry()}), and {@code metadata}
 * added to the record's own (these entries win on equal names).
 */
public record WriteOptions(Duration ttl, Map<String, String> metadata) {

    public WriteOptions {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= 0)");
        }
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    public static WriteOptions defaults() {
        return new WriteOptions(Duration.ZERO, Map.of());
    }

    /** The record lives {@code ttl} from the write. */
    public static WriteOptions ttl(Duration ttl) {
        return new WriteOptions(ttl, Map.of());
    }

    public WriteOptions withMetadata(Map<String, String> metadata) {
        return new WriteOptions(ttl, metadata);
    }

    /** {@code record} as these options say it is to be stored. */
    public Record apply(Record record) {
        Record r = record;
        if (!metadata.isEmpty()) {
            Map<String, String> merged = new java.util.HashMap<>(record.metadata());
            merged.putAll(metadata);
            r = r.withMetadata(merged);
        }
        return ttl.isZero() ? r : r.withExpiry(ttl);
    }
}
