package io.reactivemicro.store;

import io.reactivemicro.codec.Codec;
import io.reactivemicro.plugin.Plugins;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Key-value storage after Go Micro's {@code store.Store}: string keys, byte values with string metadata and an
 * optional time to live, grouped in a {@link #scope(String, String) database and table}.
 *
 * <p>Every {@code Mono}/{@code Flux} method is lazy: nothing happens until subscription, and each subscription
 * does the work again. Failures arrive only as {@code onError} with a {@link io.reactivemicro.MicroException}:
 * <b>400</b> for a key that breaks the {@link Keys key rules} (empty, longer than {@value #MAX_KEY_LENGTH}
 * characters, control characters), <b>413</b> for a value larger than the backend takes, <b>503</b> when the
 * backend cannot be reached, <b>500</b> for anything else. A {@code null} argument is a programmer error and
 * throws {@link NullPointerException} at the call. An absent key is an empty {@code Mono}, never an error.
 *
 * <p>Cancelling a subscription stops waiting for the result; a write or delete already sent to the backend may
 * still take effect. Streams ({@link #read(String, ReadOptions)}, {@link #list(ListOptions)}) honour demand:
 * the memory and file stores walk their sorted keys as requested; PostgreSQL fetches rows in pages; Redis
 * collects the matching keys (SCAN) before emitting, so a Redis listing holds its matching keys in memory.
 *
 * <p>Plugins are found by name through {@link StoreProvider} ({@code MICRO_STORE=file}, see {@link
 * #fromConfig()}); {@link #memory()} is the in-process implementation.
 */
public interface Store {

    /** The longest key every backend takes, in UTF-16 characters. */
    int MAX_KEY_LENGTH = 1024;

    /** The database a store not otherwise {@link #scope scoped} uses, as in Go Micro. */
    String DEFAULT_DATABASE = "micro";

    /** The table a store not otherwise {@link #scope scoped} uses, as in Go Micro. */
    String DEFAULT_TABLE = "micro";

    /**
     * The record stored under {@code key}: one value, then complete; empty when there is none or it has
     * expired. Fails with 400 for an invalid key, 503 when the backend is unreachable.
     */
    Mono<Record> read(String key);

    /**
     * The records matching {@code key} as {@code options} say (exact, prefix, suffix), in ascending key order,
     * after skipping {@link ReadOptions#offset()} and at most {@link ReadOptions#limit()} of them; then
     * complete. Expired records never appear. With an exact match the key must be valid (400); a prefix or
     * suffix may be empty (everything matches). Emits as requested.
     */
    Flux<Record> read(String key, ReadOptions options);

    /** Stores {@code record}, replacing any record under its key; completes when the backend acknowledged it. */
    default Mono<Void> write(Record record) {
        return write(record, WriteOptions.defaults());
    }

    /**
     * Stores {@code record} with {@code options}' TTL and metadata applied (see {@link WriteOptions#apply}),
     * replacing any record under its key; completes when the backend acknowledged it (for the file store: when
     * it is on disk). Fails with 400 for an invalid key, 413 for a value the backend cannot hold, 503 when the
     * backend is unreachable.
     */
    Mono<Void> write(Record record, WriteOptions options);

    /** Removes the record under {@code key}; completes when done, also when there was none. 400 for a bad key. */
    Mono<Void> delete(String key);

    /**
     * The keys matching {@code options}, in ascending order, after skipping {@link ListOptions#offset()} and at
     * most {@link ListOptions#limit()} of them; then complete. Expired records are not listed.
     */
    Flux<String> list(ListOptions options);

    /**
     * This store's backend bound to {@code database} and {@code table}: keys in one scope never meet keys in
     * another. For PostgreSQL the database is a schema and the table a table, created on first use. Names
     * follow {@link Keys#name}; an invalid one throws {@link IllegalArgumentException} at the call. The scoped
     * store shares its parent's connections; closing the parent closes it.
     */
    Store scope(String database, String table);

    /** {@code value} encoded as JSON ({@link Codec#json()}) under {@code key}. Otherwise as {@link #write(Record)}. */
    default Mono<Void> write(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return Mono.defer(() -> write(Record.of(key, Typed.encode(value))));
    }

    /**
     * The JSON value under {@code key} decoded as {@code type}: one value or empty as {@link #read(String)};
     * fails with 500 naming the parse error when the stored bytes are not a {@code type}.
     */
    default <T> Mono<T> read(String key, Class<T> type) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        return read(key).map(r -> Typed.decode(r, type));
    }

    /**
     * Releases the backend's connections, files and background tasks; completes when done. Lazy; closing twice
     * completes. A {@link #scope scoped} store closes nothing of its own: close the store it came from.
     */
    default Mono<Void> close() {
        return Mono.empty();
    }

    /** A name for logs and error messages, e.g. {@code "memory micro/micro"} or {@code "redis 127.0.0.1:6379"}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * A new, empty in-process store holding at most 64 MiB of keys, values and metadata across all its scopes (least recently used records are evicted beyond that), with TTL expiry.
     */
    static Store memory() {
        return MemoryStore.create(MemoryStore.DEFAULT_MAX_BYTES, reactor.core.scheduler.Schedulers.parallel());
    }

    /** As {@link #memory()}, holding at most {@code maxBytes} of keys and values. */
    static Store memory(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        return MemoryStore.create(maxBytes, reactor.core.scheduler.Schedulers.parallel());
    }

    /**
     * The store plugin called {@code name} at {@code address} (empty: the plugin's default). Throws {@link
     * IllegalStateException} naming the artifact to add when no such plugin is on the classpath.
     */
    static Store named(String name, String address) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        return Plugins.find(StoreProvider.class, StoreProvider::name, name, "MICRO_STORE", "store-" + name)
                .create(address);
    }

    /**
     * The store named by {@code MICRO_STORE} (system property {@code micro.store}; by default {@code memory})
     * at {@code MICRO_STORE_ADDRESS} ({@code micro.store.address}; by default the plugin's own).
     */
    static Store fromConfig() {
        return named(Plugins.setting("MICRO_STORE", "memory"), Plugins.setting("MICRO_STORE_ADDRESS", ""));
    }
}
