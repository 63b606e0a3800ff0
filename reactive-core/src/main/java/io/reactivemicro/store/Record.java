package io.reactivemicro.store;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One stored entry: a key, its bytes, string metadata and, when read back, the time it has left to live.
 *
 * <p>{@code expiry} is a duration from now: on write, how long the record lives ({@link Duration#ZERO}, the
 * default, means for ever; a non-zero {@link WriteOptions#ttl()} wins over it); on read, how long it has left
 * (zero when it never expires). The value array is not copied: do not change it after writing or reading.
 */
public record Record(String key, byte[] value, Map<String, String> metadata, Duration expiry) {

    public Record {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        Objects.requireNonNull(expiry, "expiry");
        if (expiry.isNegative()) {
            throw new IllegalArgumentException("expiry: " + expiry + " (expected: >= 0)");
        }
    }

    /** A record without metadata that never expires. */
    public static Record of(String key, byte[] value) {
        return new Record(key, value, Map.of(), Duration.ZERO);
    }

    /** This record living {@code ttl} from its write; {@link Duration#ZERO} means for ever. */
    public Record withExpiry(Duration ttl) {
        return new Record(key, value, metadata, ttl);
    }

    /** This record with {@code metadata} instead of its own. */
    public Record withMetadata(Map<String, String> metadata) {
        return new Record(key, value, metadata, expiry);
    }

    /** Whether the record has a finite life. */
    public boolean expires() {
        return !expiry.isZero();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r
                && key.equals(r.key)
                && Arrays.equals(value, r.value)
                && metadata.equals(r.metadata)
                && expiry.equals(r.expiry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), metadata, expiry);
    }

    @Override
    public String toString() {
        return "Record{key=" + key + ", value=" + value.length + " bytes, metadata=" + metadata + ", expiry=" + expiry
                + "}";
    }
}
