package io.reactivemicro.registry.mdns;

import io.reactivemicro.MicroException;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.NodeTable;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryEvent;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.registry.WatchOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.ServiceInfoImpl;
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
 * The zero-config registry: DNS-SD over multicast DNS (jmdns), no server. Every node is one DNS-SD instance of type
 * {@value #TYPE}, named after a hash of (service, version, node id), whose TXT strings carry the record with that
 * single node (see {@link Txt}); the SRV record carries the node's port.
 *
 * <p>What this registry knows: the nodes it registered itself, plus every instance it has seen resolved <em>with
 * complete TXT records</em> (an instance whose TXT has not arrived yet is not trusted). A node leaves when its owner
 * deregisters it or lets its TTL pass without re-registering (the owner then sends mDNS goodbyes), or, if the owner
 * died, when its mDNS records' own TTL runs out in the other caches (jmdns: one hour unless {@code net.dns.ttl} says
 * otherwise). A lookup first asks the network and waits {@link #LOOKUP_WAIT} for answers.
 *
 * <p>Limits: multicast stays on one link. It does not cross routers and is blocked in most containers' default
 * networks, in most public clouds and on many VPNs; there a lookup finds nothing, and this registry says so in its
 * log, naming itself. A node's content changes (metadata, endpoints) made by re-registering are not re-announced
 * to others: deregister and register again. Blocking jmdns calls run on {@link Schedulers#boundedElastic()}.
 */
final class MdnsRegistry implements Registry, AutoCloseable {

    static final String TYPE = "_micro._tcp.local.";

    /** How long a lookup waits for answers to its query. */
    static final Duration LOOKUP_WAIT = Duration.ofMillis(500);

    /** How long registration waits for jmdns to probe and announce the name. */
    static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(10);

    /** How often this registry's own nodes are checked for a lapsed TTL. */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(MdnsRegistry.class);
    private static final String ID = "registry";
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final @Nullable InetAddress bind;
    private final String description;
    private @Nullable JmDNS jmdns;
    private @Nullable Disposable sweeper;
    private final AtomicBoolean warnedEmpty = new AtomicBoolean();

    /** This registry's own nodes, by instance name. */
    private final Map<String, Local> local = new LinkedHashMap<>();

    /** Every trusted node, own and others', by instance name. */
    private final Map<String, ServiceRecord> seen = new LinkedHashMap<>();

    private final List<Watching> watchers = new CopyOnWriteArrayList<>();
    private long revision;

    private record Local(ServiceInfo info, ServiceRecord record, long expiresAt) {}

    MdnsRegistry(@Nullable InetAddress bind) {
        this.bind = bind;
        this.description = "mdns " + (bind == null ? "(default interface)" : bind.getHostAddress());
    }

    /** jmdns, started (socket bound, listener added) on first use; blocking, so only on boundedElastic. */
    private synchronized JmDNS jmdns() throws IOException {
        if (jmdns == null) {
            JmDNS j = bind == null
                    ? JmDNS.create()
                    : JmDNS.create(bind, "micro-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
            j.addServiceListener(TYPE, new Listener(j));
            jmdns = j;
            sweeper = Schedulers.boundedElastic()
                    .schedulePeriodically(
                            this::sweep, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return jmdns;
    }

    private final class Listener implements ServiceListener {
        private final JmDNS j;

        Listener(JmDNS j) {
            this.j = j;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            j.requestServiceInfo(event.getType(), event.getName()); // asynchronous; resolution calls back
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            forget(event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info != null) {
                learn(info);
            }
        }
    }

    /** Trusts {@code info} once its TXT is complete; tells watchers when something changed. */
    private void learn(ServiceInfo info) {
        ServiceRecord rec = Txt.decode(info::getPropertyBytes);
        if (rec != null) {
            upsert(info.getName(), rec);
        }
    }

    private synchronized void upsert(String name, ServiceRecord rec) {
        if (rec.equals(seen.get(name))) {
            return;
        }
        seen.put(name, rec);
        long rev = ++revision;
        for (Watching w : watchers) {
            w.put(name, rec, rev);
        }
    }

    private synchronized void forget(String name) {
        if (seen.remove(name) != null) {
            for (Watching w : watchers) {
                w.remove(name);
            }
        }
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            validate(service);
            long ttl = options.ttl().toMillis();
            List<ServiceInfo> fresh = new ArrayList<>();
            List<Map<String, byte[]>> texts = new ArrayList<>();
            for (Node node : service.nodes()) {
                Map<String, byte[]> text = Txt.encode(service.withNodes(List.of(node)));
                if (text == null) {
                    return Mono.error(MicroException.badRequest(
                            ID,
                            "record of %s is over %d bytes deflated and base64-encoded, too large for mDNS",
                            service.name(),
                            Txt.MAX_BYTES));
                }
                texts.add(text);
            }
            return blocking(() -> {
                        JmDNS j = jmdns();
                        long expiresAt = System.currentTimeMillis() + ttl;
                        for (int i = 0; i < service.nodes().size(); i++) {
                            Node node = service.nodes().get(i);
                            ServiceRecord single = service.withNodes(List.of(node));
                            String name = instanceName(service, node);
                            Local known;
                            synchronized (this) {
                                known = local.get(name);
                            }
                            ServiceInfo info;
                            if (known != null) {
                                info = known.info();
                                if (!known.record().equals(single)) {
                                    info.setText(texts.get(i));
                                }
                            } else {
                                info = ServiceInfo.create(TYPE, name, port(node.address()), 0, 0, texts.get(i));
                                j.registerService(info);
                                fresh.add(info);
                            }
                            synchronized (this) {
                                local.put(name, new Local(info, single, expiresAt));
                            }
                            upsert(name, single);
                        }
                        return true;
                    })
                    .then(announced(fresh));
        });
    }

    /**
     * Completes once jmdns has probed and announced every new name: about 4 s on a fresh responder (the host name is
     * probed first), 1 to 2 s later on.
     */
    private Mono<Void> announced(List<ServiceInfo> infos) {
        return Flux.fromIterable(infos)
                .concatMap(info -> Mono.fromCallable(() ->
                                !(info instanceof ServiceInfoImpl impl) || impl.isAnnounced() || !owns(info.getName()))
                        .filter(done -> done)
                        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50)))
                        .timeout(ANNOUNCE_TIMEOUT)
                        .onErrorMap(e -> MicroException.unavailable(
                                ID,
                                "%s could not announce %s within %s",
                                description,
                                info.getName(),
                                ANNOUNCE_TIMEOUT)))
                .then();
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        Objects.requireNonNull(service, "service");
        return blocking(() -> {
                    for (Node node : service.nodes()) {
                        unregister(instanceName(service, node));
                    }
                    return true;
                })
                .then();
    }

    /** Withdraws one of this registry's nodes: watchers are told at once, goodbyes go out (blocking ~1 s). */
    private void unregister(String name) {
        Local gone;
        synchronized (this) {
            gone = local.remove(name);
        }
        forget(name);
        JmDNS j = jmdns;
        if (gone != null && j != null) {
            j.unregisterService(gone.info());
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        List<String> expired = new ArrayList<>();
        synchronized (this) {
            local.forEach((name, l) -> {
                if (l.expiresAt() <= now) {
                    expired.add(name);
                }
            });
        }
        for (String name : expired) {
            try {
                unregister(name);
            } catch (RuntimeException e) {
                log.warn("{}: withdrawing expired {} failed: {}", description, name, e.toString());
            }
        }
    }

    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        Objects.requireNonNull(name, "name");
        return lookup().map(all -> {
            List<ServiceRecord> found =
                    all.stream().filter(r -> r.name().equals(name)).toList();
            if (found.isEmpty() && seenNothingElse() && warnedEmpty.compareAndSet(false, true)) {
                log.warn(
                        "{} found no service '{}' and has heard no mDNS answer at all after {}: is multicast blocked"
                                + " here (containers, most clouds and VPNs)? Use MICRO_REGISTRY=etcd or nats there",
                        description,
                        name,
                        LOOKUP_WAIT);
            }
            return found;
        });
    }

    /** Whether this registry still has {@code name} registered (its TTL may lapse while it is being announced). */
    private synchronized boolean owns(String name) {
        return local.containsKey(name);
    }

    private synchronized boolean seenNothingElse() {
        return seen.keySet().stream().allMatch(local::containsKey);
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return lookup();
    }

    /**
     * Asks the network, waits {@link #LOOKUP_WAIT} for answers, then folds what is known into records. What {@code
     * list} returns is not learnt from directly: it may still hold an instance whose goodbye was just processed; the
     * listener learns every answer with complete TXT.
     */
    private Mono<List<ServiceRecord>> lookup() {
        return blocking(() -> {
            jmdns().list(TYPE, LOOKUP_WAIT.toMillis());
            synchronized (this) {
                NodeTable table = new NodeTable();
                seen.forEach((n, r) -> table.put(n, r, 0));
                return table.records();
            }
        });
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.<RegistryEvent>create(sink -> {
                    Watching w = new Watching(options.service(), sink);
                    sink.onDispose(() -> watchers.remove(w));
                    Schedulers.boundedElastic().schedule(() -> {
                        try {
                            jmdns();
                            synchronized (this) {
                                seen.forEach((n, r) -> w.seed(n, r));
                                watchers.add(w);
                            }
                        } catch (IOException | RuntimeException e) {
                            sink.error(unavailable(e));
                        }
                    });
                })
                .onBackpressureBuffer(options.bufferSize(), BufferOverflowStrategy.ERROR);
    }

    /** One watcher's view; called with the registry's lock held. */
    private static final class Watching {
        private final @Nullable String service;
        private final FluxSink<RegistryEvent> sink;
        private final NodeTable table = new NodeTable();

        Watching(@Nullable String service, FluxSink<RegistryEvent> sink) {
            this.service = service;
            this.sink = sink;
        }

        void seed(String name, ServiceRecord rec) {
            if (service == null || service.equals(rec.name())) {
                table.put(name, rec, 0);
            }
        }

        void put(String name, ServiceRecord rec, long rev) {
            if (service == null || service.equals(rec.name())) {
                table.beginBatch();
                table.put(name, rec, rev);
                table.endBatch(sink::next);
            }
        }

        void remove(String name) {
            table.beginBatch();
            table.remove(name);
            table.endBatch(sink::next);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** Withdraws every node this registry registered (goodbyes; blocking), keeping the responder running. */
    void withdrawAll() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(local.keySet());
            local.clear();
        }
        names.forEach(this::forget);
        JmDNS j = jmdns;
        if (j != null) {
            j.unregisterAllServices();
        }
    }

    /** Withdraws this registry's nodes (goodbyes) and closes the socket. */
    @Override
    public void close() {
        JmDNS j;
        synchronized (this) {
            j = jmdns;
            jmdns = null;
            if (sweeper != null) {
                sweeper.dispose();
            }
            local.clear();
        }
        if (j != null) {
            try {
                j.close();
            } catch (IOException e) {
                log.debug("closing jmdns: {}", e.toString());
            }
        }
    }

    private <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic()).onErrorMap(this::unavailable);
    }

    private Throwable unavailable(Throwable e) {
        return e instanceof MicroException ? e : MicroException.unavailable(ID, "%s: %s", description, e.toString());
    }

    private static void validate(ServiceRecord service) {
        if (service.name().isBlank()) {
            throw MicroException.badRequest(ID, "service name is empty");
        }
        for (Node node : service.nodes()) {
            if (node.id().isBlank() || node.address().isBlank()) {
                throw MicroException.badRequest(ID, "node of %s has an empty id or address", service.name());
            }
        }
    }

    /** A DNS label (at most 63 bytes): a readable prefix of the service name and a hash of the whole key. */
    static String instanceName(ServiceRecord service, Node node) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((service.name() + '\u0000' + service.version() + '\u0000' + node.id())
                    .getBytes(StandardCharsets.UTF_8));
            String readable = service.name().replaceAll("[^A-Za-z0-9-]", "-");
            if (readable.length() > 30) {
                readable = readable.substring(0, 30);
            }
            return readable + "-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port of {@code host:port} or a URL; 0 when there is none (the TXT record has the full address). */
    static int port(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return 0;
        }
        StringBuilder digits = new StringBuilder();
        for (int i = colon + 1; i < address.length() && Character.isDigit(address.charAt(i)); i++) {
            digits.append(address.charAt(i));
        }
        try {
            int p = Integer.parseInt(digits.toString());
            return p <= 65535 ? p : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
