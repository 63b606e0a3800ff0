package io.reactivemicro.registry.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.NodeTable;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryEvent;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.registry.WatchOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * The registry in a NATS JetStream key-value bucket (jnats). One key per node, {@code
 * <service>.<version>.<node id>} (each token base64url, since versions hold dots), whose value is the JSON {@code
 * {"ttlMillis":…,"record":{…}}}: the record with that single node and the TTL it was registered with.
 *
 * <p>Per-node TTL: a bucket's {@code max_age} applies to every key alike and NATS 2.9 has no per-message TTL, so the
 * TTL travels in the value. A node is expired once the server's timestamp of its last write plus its TTL has passed
 * (by this JVM's clock: keep clocks within a second of the server's). Reads leave expired nodes out; every watch
 * keeps a timer for the next expiry in its view, emits the {@code UPDATE}/{@code DELETE} when it fires, and deletes
 * the expired key only if it was not written since (expected revision), so a node that re-registered in time is
 * never lost. Expired keys nobody watches stay until the next read or watch sees them.
 *
 * <p>A watch is a KV watch (an ordered JetStream consumer): it first receives the latest entry of every key, which
 * builds its view without events, then every change in stream order. jnats re-creates the consumer after a dropped
 * connection from the last stream sequence it delivered, so changes made meanwhile, deletes included, arrive in
 * order. All blocking jnats calls run on {@link Schedulers#boundedElastic()}.
 */
final class NatsRegistry implements Registry, AutoCloseable {

    static final String DEFAULT_ADDRESS = "nats://127.0.0.1:4222";
    static final String DEFAULT_BUCKET = "micro-registry";

    /** Bound on each JetStream request (put, delete, watch creation) and on a read's snapshot. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    /** Dial timeout; after a drop jnats reconnects every {@link #RECONNECT_WAIT} without a limit on attempts. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    static final Duration RECONNECT_WAIT = Duration.ofMillis(500);

    /** Bytes jnats keeps of what is published while reconnecting (beyond it, the publish fails). */
    static final long RECONNECT_BUFFER = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(NatsRegistry.class);
    private static final String ID = "registry";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final String address;
    private final String bucket;
    private @Nullable Connection connection;
    private @Nullable KeyValue kv;

    /** What a key holds. */
    record Stored(long ttlMillis, ServiceRecord record) {}

    NatsRegistry(String address, String bucket) {
        this.address = address;
        this.bucket = bucket;
    }

    /** The bucket, connecting and creating it on first use; blocking, so only on boundedElastic. */
    private synchronized KeyValue kv() throws Exception {
        if (kv != null) {
            return kv;
        }
        Options options = new Options.Builder()
                .servers(address.split(","))
                .connectionName("reactive-micro-registry")
                .connectionTimeout(CONNECT_TIMEOUT)
                .reconnectWait(RECONNECT_WAIT)
                .maxReconnects(-1)
                .reconnectBufferSize(RECONNECT_BUFFER)
                .errorListener(new io.nats.client.ErrorListener() {})
                .build();
        Connection c = Nats.connect(options);
        try {
            KeyValueOptions kvo =
                    KeyValueOptions.builder().jsRequestTimeout(CALL_TIMEOUT).build();
            KeyValueManagement kvm = c.keyValueManagement(kvo);
            try {
                kvm.getStatus(bucket);
            } catch (JetStreamApiException notThere) {
                try {
                    kvm.create(KeyValueConfiguration.builder()
                            .name(bucket)
                            .maxHistoryPerKey(1)
                            .storageType(StorageType.File)
                            .build());
                } catch (JetStreamApiException e) {
                    kvm.getStatus(bucket); // created meanwhile by another process, else this throws
                }
            }
            connection = c;
            kv = c.keyValue(bucket, kvo);
            return kv;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    private <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(CALL_TIMEOUT.plusSeconds(2), Schedulers.parallel())
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            validate(service);
            long ttl = options.ttl().toMillis();
            return blocking(() -> {
                        KeyValue bucket = kv();
                        for (Node node : service.nodes()) {
                            bucket.put(
                                    key(service, node), Json.write(new Stored(ttl, service.withNodes(List.of(node)))));
                        }
                        return true;
                    })
                    .then();
        });
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        Objects.requireNonNull(service, "service");
        return blocking(() -> {
                    KeyValue bucket = kv();
                    for (Node node : service.nodes()) {
                        String key = key(service, node);
                        KeyValueEntry e = bucket.get(key);
                        if (e != null && e.getOperation() == KeyValueOperation.PUT) {
                            bucket.delete(key);
                        }
                    }
                    return true;
                })
                .then();
    }

    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            return Mono.just(List.of());
        }
        return snapshot(B64.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + ".>");
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return snapshot(">");
    }

    /** The live records under {@code filter}: a KV watch that ends at the end of the current data. */
    private Mono<List<ServiceRecord>> snapshot(String filter) {
        return Mono.<List<ServiceRecord>>create(sink -> {
                    NodeTable table = new NodeTable();
                    List<KeyAt> expired = new ArrayList<>();
                    KeyValueWatcher watcher = new KeyValueWatcher() {
                        @Override
                        public void watch(KeyValueEntry entry) {
                            Stored stored = parse(entry);
                            if (stored == null) {
                                return;
                            }
                            if (isExpired(entry, stored)) {
                                expired.add(new KeyAt(entry.getKey(), entry.getRevision()));
                            } else {
                                table.put(entry.getKey(), stored.record(), entry.getRevision());
                            }
                        }

                        @Override
                        public void endOfData() {
                            sink.success(table.records());
                            purge(expired);
                        }
                    };
                    try {
                        NatsKeyValueWatchSubscription sub =
                                kv().watch(filter, watcher, KeyValueWatchOption.IGNORE_DELETE);
                        sink.onDispose(sub::unsubscribe);
                    } catch (Exception e) {
                        sink.error(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(CALL_TIMEOUT.plusSeconds(2), Schedulers.parallel())
                .onErrorMap(this::unavailable);
    }

    /** Deletes expired keys unless rewritten since; best effort, in the background. */
    private void purge(List<KeyAt> expired) {
        if (expired.isEmpty()) {
            return;
        }
        List<KeyAt> copy = List.copyOf(expired);
        Schedulers.boundedElastic().schedule(() -> {
            for (KeyAt e : copy) {
                try {
                    kv().delete(e.key(), e.revision());
                } catch (Exception ex) {
                    log.debug("not purging {}: {}", e.key(), ex.toString()); // rewritten, or already gone
                }
            }
        });
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        Objects.requireNonNull(options, "options");
        String filter = options.service() == null
                ? ">"
                : B64.encodeToString(options.service().getBytes(StandardCharsets.UTF_8)) + ".>";
        return Flux.<RegistryEvent>create(sink -> {
                    Watching w = new Watching(sink);
                    sink.onDispose(w::close);
                    Schedulers.boundedElastic().schedule(() -> w.start(filter));
                })
                .onBackpressureBuffer(options.bufferSize(), BufferOverflowStrategy.ERROR);
    }

    /** One watch: its view of the bucket, the expiry timer, the KV subscription. */
    private final class Watching implements KeyValueWatcher {
        private final FluxSink<RegistryEvent> sink;
        private final NodeTable table = new NodeTable();
        private final Map<String, Long> expiresAt = new HashMap<>();
        private final Map<String, Long> revisions = new HashMap<>();
        private boolean live;
        private boolean closed;
        private @Nullable NatsKeyValueWatchSubscription subscription;
        private @Nullable Disposable timer;

        Watching(FluxSink<RegistryEvent> sink) {
            this.sink = sink;
        }

        void start(String filter) {
            try {
                NatsKeyValueWatchSubscription sub = kv().watch(filter, this);
                synchronized (this) {
                    if (closed) {
                        sub.unsubscribe();
                    } else {
                        subscription = sub;
                    }
                }
            } catch (Exception e) {
                sink.error(unavailable(e));
            }
        }

        @Override
        public synchronized void watch(KeyValueEntry entry) {
            if (closed) {
                return;
            }
            if (live) {
                table.beginBatch();
            }
            String key = entry.getKey();
            Stored stored = entry.getOperation() == KeyValueOperation.PUT ? parse(entry) : null;
            if (stored == null) {
                table.remove(key);
                expiresAt.remove(key);
                revisions.remove(key);
            } else {
                table.put(key, stored.record(), entry.getRevision());
                expiresAt.put(key, created(entry) + stored.ttlMillis());
                revisions.put(key, entry.getRevision());
            }
            if (live) {
                table.endBatch(sink::next);
                sweep();
            }
        }

        @Override
        public synchronized void endOfData() {
            if (!live) {
                live = true;
                sweep();
            }
        }

        /** Removes expired nodes (telling the watcher), purges their keys, and arms the timer for the next. */
        private void sweep() {
            if (closed) {
                return;
            }
            long now = System.currentTimeMillis();
            List<KeyAt> gone = new ArrayList<>();
            table.beginBatch();
            long next = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : new ArrayList<>(expiresAt.entrySet())) {
                if (e.getValue() <= now) {
                    String key = e.getKey();
                    table.remove(key);
                    expiresAt.remove(key);
                    Long rev = revisions.remove(key);
                    if (rev != null) {
                        gone.add(new KeyAt(key, rev));
                    }
                } else {
                    next = Math.min(next, e.getValue());
                }
            }
            table.endBatch(sink::next);
            purge(gone);
            if (timer != null) {
                timer.dispose();
                timer = null;
            }
            if (next != Long.MAX_VALUE) {
                long delay = Math.max(10, next - now + 5);
                timer = Schedulers.boundedElastic().schedule(this::sweepLocked, delay, TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void sweepLocked() {
            sweep();
        }

        synchronized void close() {
            closed = true;
            if (timer != null) {
                timer.dispose();
            }
            if (subscription != null) {
                NatsKeyValueWatchSubscription sub = subscription;
                Schedulers.boundedElastic().schedule(sub::unsubscribe);
            }
        }
    }

    /** A key to delete only if still at that revision. */
    private record KeyAt(String key, long revision) {}

    @Override
    public String describe() {
        return "nats " + address;
    }

    @Override
    public synchronized void close() {
        Connection c = connection;
        connection = null;
        kv = null;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Throwable unavailable(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        String why = e instanceof TimeoutException ? "no answer within " + CALL_TIMEOUT : e.toString();
        return MicroException.unavailable(ID, "%s unreachable: %s", describe(), why);
    }

    private static boolean isExpired(KeyValueEntry entry, Stored stored) {
        return created(entry) + stored.ttlMillis() <= System.currentTimeMillis();
    }

    private static long created(KeyValueEntry entry) {
        return entry.getCreated().toInstant().toEpochMilli();
    }

    private static @Nullable Stored parse(KeyValueEntry entry) {
        if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
            return null;
        }
        try {
            Stored s = Json.read(entry.getValue(), Stored.class);
            return s.record().nodes().size() == 1 ? s : null;
        } catch (RuntimeException e) {
            log.warn("ignoring unreadable registry entry {}: {}", entry.getKey(), e.toString());
            return null;
        }
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

    static String key(ServiceRecord service, Node node) {
        return token(service.name()) + "." + token(service.version()) + "." + token(node.id());
    }

    private static String token(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String untoken(String t) {
        return new String(B64D.decode(t), StandardCharsets.UTF_8);
    }
}
