package io.reactivemicro.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The in-process store: one Caffeine cache shared by all scopes, bounded by the total weight of keys and
 * values ({@value #DEFAULT_MAX_BYTES} bytes by default; least recently used records are evicted beyond it),
 * each record expiring on its own TTL measured on the given scheduler's clock (so tests can run it in virtual
 * time). Scans (prefix, suffix, list) walk every live key of the cache and sort the matches: O(n log n) in the
 * number of records, fine for tests and single-JVM apps, not for millions of keys.
 */
final class MemoryStore implements Store {

    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private static final long NEVER = Long.MAX_VALUE;

    private record Key(String scope, String key) {}

    /** A stored record: its expiry kept as an absolute time on the store's clock. */
    private record Entry(Record record, long expiresAtNanos) {}

    private final Cache<Key, Entry> cache;
    private final Scheduler clock;
    private final long maxBytes;
    private final String scope;
    private final String id;

    private MemoryStore(Cache<Key, Entry> cache, Scheduler clock, long maxBytes, String scope) {
        this.cache = cache;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.scope = scope;
        this.id = "store.memory";
    }

    static MemoryStore create(long maxBytes, Scheduler clock) {
        Cache<Key, Entry> cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> weight(k, e.record()))
                .expireAfter(new Expiry<Key, Entry>() {
                    @Override
                    public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                        return entry.expiresAtNanos == NEVER ? NEVER : Math.max(0, entry.expiresAtNanos - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(() -> clock.now(TimeUnit.NANOSECONDS))
                .executor(Runnable::run)
                .build();
        return new MemoryStore(cache, clock, maxBytes, DEFAULT_DATABASE + "/" + DEFAULT_TABLE);
    }

    private static int weight(Key k, Record r) {
        long w = 2L * (k.scope.length() + k.key.length()) + r.value().length + 64;
        for (Map.Entry<String, String> m : r.metadata().entrySet()) {
            w += 2L * (m.getKey().length() + m.getValue().length());
        }
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    @Override
    public Mono<Record> read(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            MicroException bad = Keys.badKey(id, key);
            if (bad != null) {
                return Mono.error(bad);
            }
            Entry e = cache.getIfPresent(new Key(scope, key));
            return e == null ? Mono.empty() : Mono.justOrEmpty(live(e));
        });
    }

    @Override
    public Flux<Record> read(String key, ReadOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        if (!options.prefix() && !options.suffix()) {
            return read(key).flux();
        }
        ListOptions list = new ListOptions(
                options.prefix() ? key : "", options.suffix() ? key : "", options.limit(), options.offset());
        return Flux.defer(() -> Flux.fromIterable(matching(list))).concatMap(k -> read(k), 0);
    }

    @Override
    public Mono<Void> write(Record record, WriteOptions options) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(options, "options");
        return Mono.fromRunnable(() -> {
            MicroException bad = Keys.badKey(id, record.key());
            if (bad != null) {
                throw bad;
            }
            Record r = options.apply(record);
            Key k = new Key(scope, r.key());
            if (weight(k, r) > maxBytes) {
                throw MicroException.payloadTooLarge(
                        id,
                        "record '%s' of %d bytes exceeds the store's %d bytes",
                        r.key(),
                        r.value().length,
                        maxBytes);
            }
            long expiresAt =
                    r.expires() ? clock.now(TimeUnit.NANOSECONDS) + r.expiry().toNanos() : NEVER;
            cache.put(k, new Entry(r.withExpiry(Duration.ZERO), expiresAt));
        });
    }

    @Override
    public Mono<Void> delete(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.fromRunnable(() -> {
            MicroException bad = Keys.badKey(id, key);
            if (bad != null) {
                throw bad;
            }
            cache.invalidate(new Key(scope, key));
        });
    }

    @Override
    public Flux<String> list(ListOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> Flux.fromIterable(matching(options)));
    }

    @Override
    public Store scope(String database, String table) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        return new MemoryStore(
                cache, clock, maxBytes, Keys.name(database, "database") + "/" + Keys.name(table, "table"));
    }

    @Override
    public String describe() {
        return "memory " + scope;
    }

    private List<String> matching(ListOptions options) {
        long now = clock.now(TimeUnit.NANOSECONDS);
        Stream<String> keys = cache.asMap().entrySet().stream()
                .filter(e -> e.getKey().scope.equals(scope) && options.matches(e.getKey().key))
                .filter(e -> e.getValue().expiresAtNanos > now)
                .map(e -> e.getKey().key)
                .sorted()
                .skip(options.offset());
        if (options.limit() > 0) {
            keys = keys.limit(options.limit());
        }
        return keys.collect(ArrayList::new, List::add, List::addAll);
    }

    private @Nullable Record live(Entry e) {
        if (e.expiresAtNanos == NEVER) {
            return e.record;
        }
        long left = e.expiresAtNanos - clock.now(TimeUnit.NANOSECONDS);
        return left <= 0 ? null : e.record.withExpiry(Duration.ofNanos(left));
    }
}
