package io.reactivemicro.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A registry cache that keeps calls off the registry: the first lookup of a service fetches it (concurrent
 * first lookups share that one fetch), and from then on one {@code watch} of the whole registry keeps every
 * cached service fresh, so a lookup is a map read. Entries live in Caffeine (at most 10,000 services; one
 * unused for 10 minutes is dropped).
 *
 * <p>When the watch breaks, lookups keep serving the last known records; the watch is re-subscribed with
 * backoff (100 ms doubling to 10 s) and every cached service is fetched again once it is back, so no change
 * made in the gap is lost. An entry not confirmed by the watch or a fetch for longer than {@code maxStaleness}
 * (by default 30 s) is fetched again on its next lookup; if that fetch fails, the last known records are
 * served (with a warning) rather than none: a node that is really gone fails its connection and is set aside
 * by the client.
 *
 * <p>Writes ({@code register}, {@code deregister}) and {@code listServices}/{@code watch} go straight to the
 * registry behind it. {@link #dispose()} stops the watch.
 */
public final class CachingRegistry implements Registry, Disposable {

    /** How long an unconfirmed entry is trusted, by default. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(CachingRegistry.class);

    private final Registry delegate;
    private final long maxStalenessNanos;
    // maintenance runs on the reading thread: with Caffeine's default (the common ForkJoinPool) a full read
    // buffer hands a drain task to a pool thread, a thread wake-up every few dozen lookups of a hot service
    private final Cache<String, Entry> cache = Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final AtomicBoolean watchStarted = new AtomicBoolean();
    private final Disposable.Swap watch = Disposables.swap();
    private volatile boolean watching;

    private CachingRegistry(Registry delegate, Duration maxStaleness) {
        this.delegate = delegate;
        this.maxStalenessNanos = maxStaleness.toNanos();
    }

    /** A cache in front of {@code delegate}; see the class comment for its rules. */
    public static CachingRegistry create(Registry delegate, Duration maxStaleness) {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxStaleness.isNegative() || maxStaleness.isZero()) {
            throw new IllegalArgumentException("maxStaleness: " + maxStaleness + " (expected: > 0)");
        }
        return new CachingRegistry(delegate, maxStaleness);
    }

    /** The registry behind the cache. */
    public Registry delegate() {
        return delegate;
    }

    /**
     * The cached records of {@code name}: at once when cached and trusted, else after one shared fetch. The
     * list returned stays the same instance until the service changes, so callers may key derived data on it.
     */
    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        Objects.requireNonNull(name, "name");
        startWatch();
        Entry entry = cache.get(name, Entry::new);
        List<ServiceRecord> trusted = trusted(entry);
        if (trusted != null) {
            return Mono.just(trusted);
        }
        List<ServiceRecord> records = entry.records;
        Mono<List<ServiceRecord>> fetch = entry.fetch();
        if (records == null) {
            return fetch;
        }
        return fetch.onErrorResume(e -> {
            log.warn(
                    "registry {} unreachable ({}); serving the last known nodes of {}",
                    delegate.describe(),
                    e.toString(),
                    name);
            return Mono.just(records);
        });
    }

    /**
     * The records of {@code name} if {@link #getService} would answer them at once (cached and trusted), without
     * building a {@code Mono}: the client's per-call path. {@code null} otherwise; then ask {@link #getService}.
     */
    public @Nullable List<ServiceRecord> cachedService(String name) {
        Entry entry = cache.getIfPresent(name);
        return entry == null ? null : trusted(entry);
    }

    /** The entry's records while they may be served as they are: the watch runs, or they are fresh enough. */
    private @Nullable List<ServiceRecord> trusted(Entry entry) {
        List<ServiceRecord> records = entry.records;
        return records != null && (watching || System.nanoTime() - entry.confirmedAt < maxStalenessNanos)
                ? records
                : null;
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        return delegate.register(service, options);
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        return delegate.deregister(service);
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return delegate.listServices();
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        return delegate.watch(options);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void dispose() {
        watch.dispose();
        watching = false;
    }

    @Override
    public boolean isDisposed() {
        return watch.isDisposed();
    }

    private void startWatch() {
        if (watchStarted.get() || !watchStarted.compareAndSet(false, true)) {
            return;
        }
        watch.update(delegate.watch(WatchOptions.all())
                .doOnSubscribe(s -> {
                    watching = true;
                    refreshAll();
                })
                .doOnError(e -> {
                    watching = false;
                    log.warn("watch of registry {} broke ({}); re-subscribing", delegate.describe(), e.toString());
                })
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(10)))
                .subscribe(this::apply, e -> watching = false));
    }

    /** Fetches every cached service again: after the watch (re)starts, so nothing changed in a gap is missed. */
    private void refreshAll() {
        for (Entry entry : cache.asMap().values()) {
            if (entry.records != null) {
                entry.fetch().subscribe(r -> {}, e -> {});
            }
        }
    }

    private void apply(RegistryEvent event) {
        Entry entry = cache.getIfPresent(event.service().name());
        if (entry != null) {
            entry.apply(event);
        }
    }

    /** One service's cached records; writes are rare and synchronized, reads are a volatile load. */
    private final class Entry {
        final String name;
        volatile @Nullable List<ServiceRecord> records;
        volatile long confirmedAt;
        private long generation;
        private @Nullable Mono<List<ServiceRecord>> inFlight;
        private boolean refetch;

        Entry(String name) {
            this.name = name;
        }

        synchronized Mono<List<ServiceRecord>> fetch() {
            if (inFlight == null) {
                long started = generation;
                inFlight = delegate.getService(name)
                        .doOnNext(fetched -> loaded(fetched, started))
                        .doFinally(s -> finished())
                        .cache();
            }
            return inFlight;
        }

        private void finished() {
            boolean again;
            synchronized (this) {
                inFlight = null;
                again = refetch;
                refetch = false;
            }
            if (again) {
                fetch().subscribe(r -> {}, e -> {});
            }
        }

        private synchronized void loaded(List<ServiceRecord> fetched, long started) {
            records = List.copyOf(fetched);
            confirmedAt = System.nanoTime();
            // an event arrived while fetching: the snapshot may predate it, so fetch once more when this ends
            refetch = generation != started;
        }

        synchronized void apply(RegistryEvent event) {
            generation++;
            List<ServiceRecord> current = records;
            if (current == null) {
                return;
            }
            ServiceRecord changed = event.service();
            List<ServiceRecord> next = new ArrayList<>(current.size() + 1);
            for (ServiceRecord r : current) {
                if (!r.version().equals(changed.version())) {
                    next.add(r);
                }
            }
            if (event.type() != RegistryEvent.Type.DELETE) {
                next.add(changed);
            }
            records = List.copyOf(next);
            confirmedAt = System.nanoTime();
        }
    }
}
