package io.reactivemicro.store.file;

import io.reactivemicro.MicroException;
import io.reactivemicro.store.Keys;
import io.reactivemicro.store.ListOptions;
import io.reactivemicro.store.ReadOptions;
import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The embedded store: one H2 MVStore file, one map per {@code database/table} scope, keys sorted as {@link
 * String#compareTo} does so that prefix scans seek straight to their first key. A write completes only once it
 * is committed and forced to disk (see {@link Engine}); completions are delivered on {@link
 * Schedulers#parallel()}, never on the writer thread. Reads run on the engine's bounded read scheduler.
 */
final class FileStore implements Store {

    /** The largest value the file store takes: 64 MiB. */
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;

    private final Engine engine;
    private final String map;
    private final boolean owner;

    private FileStore(Engine engine, String map, boolean owner) {
        this.engine = engine;
        this.map = map;
        this.owner = owner;
    }

    static FileStore open(Path path, reactor.core.scheduler.Scheduler clock) {
        return new FileStore(Engine.open(path, clock), DEFAULT_DATABASE + "/" + DEFAULT_TABLE, true);
    }

    @Override
    public Mono<Record> read(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
                    MicroException bad = Keys.badKey(engine.id, key);
                    if (bad != null) {
                        return Mono.error(bad);
                    }
                    return Mono.fromCallable(() -> get(key)).subscribeOn(engine.reads);
                })
                .onErrorMap(e -> !(e instanceof MicroException), this::failure);
    }

    private @Nullable Record get(String key) {
        checkOpen();
        MVMap<String, byte[]> m = engine.existingMap(map);
        byte[] data = m == null ? null : m.get(key);
        return data == null ? null : toRecord(key, Envelope.decode(data), engine.now());
    }

    private static @Nullable Record toRecord(String key, Envelope e, long now) {
        if (!e.liveAt(now)) {
            return null;
        }
        Duration left = e.expiresAtMillis() == 0 ? Duration.ZERO : Duration.ofMillis(e.expiresAtMillis() - now);
        return new Record(key, e.value(), e.metadata(), left);
    }

    @Override
    public Flux<Record> read(String key, ReadOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        if (!options.prefix() && !options.suffix()) {
            return read(key).flux();
        }
        ListOptions filter = new ListOptions(
                options.prefix() ? key : "", options.suffix() ? key : "", options.limit(), options.offset());
        return scan(filter);
    }

    @Override
    public Mono<Void> write(Record record, WriteOptions options) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(options, "options");
        return Mono.<Void>create(sink -> {
                    MicroException bad = Keys.badKey(engine.id, record.key());
                    if (bad != null) {
                        sink.error(bad);
                        return;
                    }
                    Record r = options.apply(record);
                    if (r.value().length > MAX_VALUE_BYTES) {
                        sink.error(MicroException.payloadTooLarge(
                                engine.id,
                                "value of %d bytes (expected: at most %d)",
                                r.value().length,
                                MAX_VALUE_BYTES));
                        return;
                    }
                    long expiresAt =
                            r.expires() ? engine.now() + Math.max(1, r.expiry().toMillis()) : 0;
                    engine.put(map, r.key(), new Envelope(r.value(), r.metadata(), expiresAt).encode(), sink);
                })
                .publishOn(Schedulers.parallel());
    }

    @Override
    public Mono<Void> delete(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.<Void>create(sink -> {
                    MicroException bad = Keys.badKey(engine.id, key);
                    if (bad != null) {
                        sink.error(bad);
                        return;
                    }
                    engine.delete(map, key, sink);
                })
                .publishOn(Schedulers.parallel());
    }

    @Override
    public Flux<String> list(ListOptions options) {
        Objects.requireNonNull(options, "options");
        return scan(options).map(Record::key);
    }

    /** The live records matching {@code options} in key order, walked lazily on the read scheduler on demand. */
    private Flux<Record> scan(ListOptions options) {
        return Flux.defer(() -> {
                    checkOpen();
                    MVMap<String, byte[]> m = engine.existingMap(map);
                    if (m == null) {
                        return Flux.<Record>empty();
                    }
                    long now = engine.now();
                    Iterable<Record> matches = () -> new Matches(m, options, now);
                    Flux<Record> flux = Flux.fromIterable(matches).skip(options.offset());
                    return options.limit() > 0 ? flux.take(options.limit(), true) : flux;
                })
                .subscribeOn(engine.reads)
                .onErrorMap(e -> !(e instanceof MicroException), this::failure);
    }

    /** Walks the sorted keys from the prefix on, stopping at the first key past it. */
    private static final class Matches implements Iterator<Record> {
        private final Cursor<String, byte[]> cursor;
        private final ListOptions options;
        private final long now;
        private @Nullable Record next;
        private boolean done;

        Matches(MVMap<String, byte[]> m, ListOptions options, long now) {
            this.cursor = m.cursor(options.prefix().isEmpty() ? null : options.prefix());
            this.options = options;
            this.now = now;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                if (!cursor.hasNext()) {
                    done = true;
                    break;
                }
                String key = cursor.next();
                if (!key.startsWith(options.prefix())) {
                    done = true;
                    break;
                }
                if (!key.endsWith(options.suffix())) {
                    continue;
                }
                next = toRecord(key, Envelope.decode(cursor.getValue()), now);
            }
            return next != null;
        }

        @Override
        public Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Record n = Objects.requireNonNull(next);
            next = null;
            return n;
        }
    }

    @Override
    public Store scope(String database, String table) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        return new FileStore(engine, Keys.name(database, "database") + "/" + Keys.name(table, "table"), false);
    }

    @Override
    public Mono<Void> close() {
        if (!owner) {
            return Mono.empty();
        }
        return Mono.<Void>create(engine::close).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public String describe() {
        return "file " + engine.path + " " + map;
    }

    private void checkOpen() {
        if (engine.closed()) {
            throw MicroException.unavailable(engine.id, "store %s is closed", engine.path);
        }
    }

    private Throwable failure(Throwable e) {
        if (engine.closed()) {
            // Includes the read scheduler refusing work once the store is closed.
            return MicroException.unavailable(engine.id, "store %s is closed", engine.path);
        }
        return MicroException.internal(engine.id, "%s: %s", engine.path, e.toString());
    }
}
