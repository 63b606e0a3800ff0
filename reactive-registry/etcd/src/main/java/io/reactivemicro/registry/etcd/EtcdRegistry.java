package io.reactivemicro.registry.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.NodeTable;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryEvent;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.registry.WatchOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The etcd v3 registry (jetcd). One key per node, {@code <prefix><service>/<version>/<node id>} (each part
 * URL-encoded), holding the JSON of the record with that single node, attached to a lease of the registration's
 * TTL; reads fold a version's keys back into one record. Re-registering the same nodes with the same TTL refreshes
 * the lease it already holds ({@code LeaseKeepAliveOnce}, so the lease lives exactly as long as the service keeps
 * re-registering) and rewrites the keys; etcd deletes the keys when the lease runs out, which watchers see.
 *
 * <p>A watch reads the prefix, then watches it from the next revision; jetcd resumes a broken watch stream from
 * the last revision it saw, so changes made while the connection was down (deletes included) still arrive, in
 * order. If the watch fails anyway (history compacted, client closed) it re-reads the prefix, emits the
 * difference and watches again, with a bounded backoff.
 */
final class EtcdRegistry implements Registry, AutoCloseable {

    static final String DEFAULT_ADDRESS = "127.0.0.1:2379";
    static final String DEFAULT_PREFIX = "/micro/registry/";

    /** Bound on every single etcd call, retries by jetcd included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Reopening a broken watch: the first delay (200 ms), doubling up to a cap (5 s), and how many consecutive
     * failures (60, about 4.5 minutes) end the watch with 503. A watch that is established again resets the count.
     */
    static final Duration RESYNC_FIRST_BACKOFF = Duration.ofMillis(200);

    static final Duration RESYNC_MAX_BACKOFF = Duration.ofSeconds(5);
    static final int RESYNC_MAX_ATTEMPTS = 60;

    private static final Logger log = LoggerFactory.getLogger(EtcdRegistry.class);
    private static final String ID = "registry";

    private final Client client;
    private final String address;
    private final String prefix;

    /** Leases this registry holds, by node key; refreshed when the same nodes are registered again. */
    private final Map<String, Held> leases = new ConcurrentHashMap<>();

    private record Held(long leaseId, long ttlSeconds) {}

    EtcdRegistry(String address, String prefix) {
        this.address = address;
        this.prefix = prefix;
        List<String> endpoints = new ArrayList<>();
        for (String a : address.split(",")) {
            String t = a.trim();
            if (!t.isEmpty()) {
                endpoints.add(t.contains("://") ? t : "http://" + t);
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("address: '" + address + "' (expected: host:port[,host:port...])");
        }
        this.client = Client.builder()
                .endpoints(endpoints.toArray(String[]::new))
                .connectTimeout(Duration.ofSeconds(2))
                .retryMaxDuration(CALL_TIMEOUT)
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
                    validate(service);
                    if (service.nodes().isEmpty()) {
                        return Mono.<Void>empty();
                    }
                    long ttl = Math.max(1, (options.ttl().toMillis() + 999) / 1000);
                    List<String> keys = service.nodes().stream()
                            .map(n -> nodeKey(service, n))
                            .toList();
                    return lease(keys, ttl).flatMap(leaseId -> {
                        PutOption put = PutOption.builder().withLeaseId(leaseId).build();
                        Op[] ops = new Op[keys.size()];
                        for (int i = 0; i < keys.size(); i++) {
                            Node node = service.nodes().get(i);
                            ops[i] = Op.put(
                                    bytes(keys.get(i)),
                                    ByteSequence.from(Json.write(service.withNodes(List.of(node)))),
                                    put);
                        }
                        return call(() -> client.getKVClient().txn().Then(ops).commit())
                                .doOnNext(r -> keys.forEach(k -> leases.put(k, new Held(leaseId, ttl))))
                                .then();
                    });
                })
                .onErrorMap(this::unavailable);
    }

    /** The lease these keys already hold, refreshed; or a new one. */
    private Mono<Long> lease(List<String> keys, long ttl) {
        Set<Long> held = new HashSet<>();
        for (String k : keys) {
            Held h = leases.get(k);
            held.add(h == null || h.ttlSeconds != ttl ? -1L : h.leaseId);
        }
        Mono<Long> grant = call(() -> client.getLeaseClient().grant(ttl)).map(r -> r.getID());
        if (held.size() != 1 || held.contains(-1L)) {
            return grant;
        }
        long id = held.iterator().next();
        return call(() -> client.getLeaseClient().keepAliveOnce(id))
                .filter(r -> r.getTTL() > 0)
                .map(r -> id)
                .onErrorResume(e -> Mono.empty()) // expired or unknown lease: take a new one
                .switchIfEmpty(grant);
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        Objects.requireNonNull(service, "service");
        return Mono.defer(() -> {
                    if (service.nodes().isEmpty()) {
                        return Mono.<Void>empty();
                    }
                    List<String> keys = service.nodes().stream()
                            .map(n -> nodeKey(service, n))
                            .toList();
                    Op[] ops = keys.stream()
                            .map(k -> Op.delete(bytes(k), DeleteOption.DEFAULT))
                            .toArray(Op[]::new);
                    return call(() -> client.getKVClient().txn().Then(ops).commit())
                            .doOnNext(r -> revokeUnused(keys))
                            .then();
                })
                .onErrorMap(this::unavailable);
    }

    /** Forgets these keys' leases and revokes the ones no other key of ours holds (best effort). */
    private void revokeUnused(List<String> keys) {
        Set<Long> ids = new HashSet<>();
        keys.forEach(k -> {
            Held h = leases.remove(k);
            if (h != null) {
                ids.add(h.leaseId);
            }
        });
        leases.values().forEach(h -> ids.remove(h.leaseId));
        ids.forEach(id -> call(() -> client.getLeaseClient().revoke(id))
                .subscribe(r -> {}, e -> log.debug("revoking lease {} failed: {}", id, e.toString())));
    }

    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        Objects.requireNonNull(name, "name");
        return read(prefix + enc(name) + "/").map(r -> r.table.records()).onErrorMap(this::unavailable);
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return read(prefix).map(r -> r.table.records()).onErrorMap(this::unavailable);
    }

    private record Snapshot(NodeTable table, long revision) {}

    private Mono<Snapshot> read(String keyPrefix) {
        GetOption option = GetOption.builder().isPrefix(true).build();
        return call(() -> client.getKVClient().get(bytes(keyPrefix), option)).map(r -> {
            NodeTable table = new NodeTable();
            fill(table, r);
            return new Snapshot(table, r.getHeader().getRevision());
        });
    }

    private static void fill(NodeTable table, GetResponse response) {
        for (KeyValue kv : response.getKvs()) {
            ServiceRecord rec = parse(kv);
            if (rec != null) {
                table.put(str(kv.getKey()), rec, kv.getModRevision());
            }
        }
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        Objects.requireNonNull(options, "options");
        String keyPrefix = options.service() == null ? prefix : prefix + enc(options.service()) + "/";
        return Flux.<RegistryEvent>create(sink -> {
                    Watching w = new Watching(keyPrefix, sink);
                    sink.onDispose(w::close);
                    w.resync(0);
                })
                .onBackpressureBuffer(options.bufferSize(), BufferOverflowStrategy.ERROR);
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(
                Math.min(RESYNC_MAX_BACKOFF.toMillis(), RESYNC_FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10)));
    }

    private static boolean isCompacted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.etcd.jetcd.common.exception.CompactedException) {
                return true;
            }
        }
        return false;
    }

    /** One watch: the table of what it has seen, the etcd watcher, and the revision to resume from. */
    private final class Watching {
        private final String keyPrefix;
        private final FluxSink<RegistryEvent> sink;
        private final NodeTable table = new NodeTable();
        private long revision;
        private boolean closed;
        /** Counts watchers opened; callbacks of an older one are ignored, so one break resyncs once. */
        private int generation;

        private boolean resyncing = true;
        /** Consecutive failures of the watch; reset by any response. */
        private int failures;

        private Watch.@Nullable Watcher watcher;
        private @Nullable Disposable pending;

        Watching(String keyPrefix, FluxSink<RegistryEvent> sink) {
            this.keyPrefix = keyPrefix;
            this.sink = sink;
        }

        /**
         * Reads the prefix, emits what changed since the table was last right (nothing on the first read) and
         * watches from the next revision.
         */
        void resync(int attempt) {
            Mono<Snapshot> read = read(keyPrefix);
            if (attempt > 0) {
                read = Mono.delay(backoff(attempt)).then(read);
            }
            Disposable d = read.subscribe(
                    snapshot -> {
                        synchronized (this) {
                            if (closed) {
                                return;
                            }
                            boolean first = revision == 0;
                            table.beginBatch();
                            Map<String, NodeTable.Entry> now = snapshot.table().entries();
                            for (String key : new ArrayList<>(table.entries().keySet())) {
                                if (!now.containsKey(key)) {
                                    table.remove(key);
                                }
                            }
                            Map<String, NodeTable.Entry> old = table.entries();
                            now.forEach((key, e) -> {
                                NodeTable.Entry was = old.get(key);
                                if (was == null || was.revision() != e.revision()) {
                                    table.put(key, e.record(), e.revision());
                                }
                            });
                            table.endBatch(first ? ev -> {} : sink::next);
                            revision = snapshot.revision();
                            resyncing = false;
                            open();
                        }
                    },
                    e -> {
                        if (attempt == 0 || attempt + 1 >= RESYNC_MAX_ATTEMPTS) {
                            sink.error(unavailable(e)); // the first read failing means: unreachable now
                        } else {
                            log.warn("registry watch of {} could not re-read, retrying: {}", describe(), e.toString());
                            resync(attempt + 1);
                        }
                    });
            synchronized (this) {
                pending = d;
            }
        }

        /** Watches from the revision after the table's; the caller holds the lock. */
        private void open() {
            WatchOption option = WatchOption.builder()
                    .isPrefix(true)
                    .withRevision(revision + 1)
                    .withPrevKV(false)
                    .withCreateNotify(true)
                    .build();
            int gen = ++generation;
            watcher = client.getWatchClient()
                    .watch(
                            bytes(keyPrefix),
                            option,
                            Watch.listener(
                                    r -> onResponse(gen, r),
                                    e -> onError(gen, e),
                                    () -> onError(gen, new IllegalStateException("watch completed"))));
        }

        private synchronized void onResponse(int gen, WatchResponse response) {
            if (closed || gen != generation || resyncing) {
                return;
            }
            failures = 0;
            table.beginBatch();
            for (WatchEvent event : response.getEvents()) {
                KeyValue kv = event.getKeyValue();
                String key = str(kv.getKey());
                revision = Math.max(revision, kv.getModRevision());
                if (event.getEventType() == WatchEvent.EventType.PUT) {
                    ServiceRecord rec = parse(kv);
                    if (rec != null) {
                        table.put(key, rec, kv.getModRevision());
                    }
                } else if (event.getEventType() == WatchEvent.EventType.DELETE) {
                    table.remove(key);
                }
            }
            table.endBatch(sink::next);
        }

        /**
         * A broken watch is opened again from the revision after the last one seen, so etcd replays what happened
         * meanwhile (deletes included) in order; if that history was compacted away, the prefix is read again and
         * the difference emitted instead.
         */
        private void onError(int gen, Throwable e) {
            int attempt;
            synchronized (this) {
                if (closed || gen != generation || resyncing) {
                    return;
                }
                closeWatcher();
                attempt = ++failures;
                if (attempt >= RESYNC_MAX_ATTEMPTS) {
                    closed = true;
                    sink.error(unavailable(e));
                    return;
                }
                if (isCompacted(e)) {
                    resyncing = true;
                }
            }
            log.warn(
                    "etcd watch on {} broke (attempt {}), resuming from revision {}: {}",
                    describe(),
                    attempt,
                    revision + 1,
                    e.toString());
            if (isCompacted(e)) {
                resync(attempt);
                return;
            }
            Disposable d = Schedulers.boundedElastic()
                    .schedule(
                            () -> {
                                synchronized (this) {
                                    if (!closed && !resyncing) {
                                        open();
                                    }
                                }
                            },
                            backoff(attempt).toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
            synchronized (this) {
                pending = d;
            }
        }

        /** Closes the current watcher, whose callbacks (closing reports its end again) are ignored from now on. */
        private void closeWatcher() {
            generation++;
            Watch.Watcher w = watcher;
            watcher = null;
            if (w != null) {
                w.close();
            }
        }

        synchronized void close() {
            closed = true;
            if (pending != null) {
                pending.dispose();
            }
            closeWatcher();
        }
    }

    @Override
    public String describe() {
        return "etcd " + address;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * One etcd call, started on boundedElastic: jetcd dials and resolves lazily on a first call (reading JDK
     * files), which must not happen on the event loop a service registers from. Registry calls are rare (the
     * client caches), so the hop costs nothing that matters.
     */
    private <T> Mono<T> call(java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> future) {
        return Mono.fromFuture(future)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(CALL_TIMEOUT, Schedulers.parallel());
    }

    private Throwable unavailable(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        Throwable cause =
                e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        String why = cause instanceof TimeoutException ? "no answer within " + CALL_TIMEOUT : cause.toString();
        return MicroException.unavailable(ID, "%s unreachable: %s", describe(), why);
    }

    private static void validate(ServiceRecord service) {
        if (service.name().isBlank()) {
            throw MicroException.badRequest(ID, "service name is empty");
        }
        if (service.version().isBlank()) {
            throw MicroException.badRequest(ID, "version of %s is empty", service.name());
        }
        for (Node node : service.nodes()) {
            if (node.id().isBlank() || node.address().isBlank()) {
                throw MicroException.badRequest(ID, "node of %s has an empty id or address", service.name());
            }
        }
    }

    private static @Nullable ServiceRecord parse(KeyValue kv) {
        try {
            ServiceRecord rec = Json.readRecord(kv.getValue().getBytes());
            return rec.nodes().size() == 1 ? rec : null;
        } catch (RuntimeException e) {
            log.warn("ignoring unreadable registry entry {}: {}", str(kv.getKey()), e.toString());
            return null;
        }
    }

    private String nodeKey(ServiceRecord service, Node node) {
        return prefix + enc(service.name()) + "/" + enc(service.version()) + "/" + enc(node.id());
    }

    private static String enc(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String str(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
