package io.reactivemicro.broker.rsocket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.broker.SubscriberBuffer;
import io.reactivemicro.broker.Topics;
import io.reactivemicro.registry.CachingRegistry;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportClient;
import io.reactivemicro.transport.TransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pub/sub with no central server, after Go Micro's HTTP broker. A subscription makes this broker serve RSocket
 * (bound once, at {@code MICRO_BROKER_ADDRESS} or a free loopback port) and advertise itself in the registry
 * as a node of the service {@code micro.broker:<topic>}, version {@code broadcast} or {@code queue:<group>}.
 * A publisher reads those records from its watch-fed registry cache (no registry round trip per message) and
 * fires the message on route {@code Broker.publish} straight to the subscriber nodes: every {@code broadcast}
 * node, and one node of each queue group, picked at random. When a group member cannot be reached the message
 * goes to another member (up to {@value #MAX_ATTEMPTS} tries), and the member is tried last for {@link
 * #SET_ASIDE}.
 *
 * <p>At-most-once, like every pub/sub broker here: a message is written to the connection of each node chosen
 * and not acknowledged; one sent to a node that dies before reading it is lost. Per publisher and subscriber
 * node, order is kept (one connection carries them in order). Advertisements are refreshed every {@link
 * #REGISTER_INTERVAL} with a {@link #REGISTER_TTL} TTL and removed when the node's last local subscriber of
 * that topic and group cancels.
 */
public final class RSocketBroker implements Broker, Disposable {

    /** How long an advertisement lives in the registry without a refresh. */
    public static final Duration REGISTER_TTL = Duration.ofSeconds(90);

    /** How often advertisements are refreshed. */
    public static final Duration REGISTER_INTERVAL = Duration.ofSeconds(30);

    /** How many members of a queue group a message is offered to before the publish fails with 503. */
    public static final int MAX_ATTEMPTS = 3;

    /** How long a node that could not be reached is tried after the others. */
    public static final Duration SET_ASIDE = Duration.ofSeconds(10);

    /** The largest message accepted, inbound and outbound: the transport's default. */
    public static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

    static final String ID = "broker-rsocket";
    static final String ROUTE = "Broker.publish";
    static final String TOPIC = "Micro-Topic";
    static final String QUEUE = "Micro-Queue";
    static final String SERVICE_PREFIX = "micro.broker:";
    static final String BROADCAST = "broadcast";
    static final String QUEUE_PREFIX = "queue:";

    private static final Logger log = LoggerFactory.getLogger(RSocketBroker.class);

    private final Registry registry;
    private final CachingRegistry cache;
    private final TransportClient client;
    private final String nodeId = "broker-" + UUID.randomUUID();
    private final LocalSubscribers local = new LocalSubscribers();
    private final Advertisements advertisements;
    private final Mono<TransportServer> server;
    private final Cache<String, Boolean> setAside = Caffeine.newBuilder()
            .executor(Runnable::run) // read on every publish: no pool thread woken per few dozen reads
            .expireAfterWrite(SET_ASIDE)
            .maximumSize(10_000)
            .build();
    private final AtomicBoolean disposed = new AtomicBoolean();
    private final AtomicReference<@Nullable TransportServer> receiving = new AtomicReference<>();
    private final Disposable refresher;

    private RSocketBroker(Registry registry, Transport transport, String bindAddress) {
        this.registry = registry;
        this.cache = CachingRegistry.create(registry, CachingRegistry.DEFAULT_MAX_STALENESS);
        this.client = transport.client(new ClientSettings(ID, MAX_PAYLOAD_BYTES, Duration.ofSeconds(5)));
        this.server = transport
                .serve(new ServerSettings(ID, bindAddress, MAX_PAYLOAD_BYTES, 16_384), new Inbound(local))
                .doOnNext(bound -> {
                    receiving.set(bound);
                    log.info("rsocket broker {} receiving at {}", nodeId, bound.address());
                    if (disposed.get()) { // bound while being disposed: dispose() may have missed it
                        bound.shutdown(Duration.ZERO).subscribe();
                    }
                })
                .cache(bound -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
        this.advertisements = new Advertisements(registry, REGISTER_TTL);
        this.refresher =
                Flux.interval(REGISTER_INTERVAL).onBackpressureDrop().subscribe(tick -> advertisements.refresh());
    }

    /**
     * A broker whose subscribers advertise themselves in {@code registry} and that serves at {@code bindAddress}
     * ({@code host:port}, port 0 for any free one) once something subscribes. Dispose it to withdraw every
     * advertisement and close its server and connections.
     */
    public static RSocketBroker create(Registry registry, Transport transport, String bindAddress) {
        return new RSocketBroker(
                Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(bindAddress, "bindAddress"));
    }

    @Override
    public Mono<Void> publish(String topic, Message message) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        return Mono.defer(() -> {
            if (disposed.get()) {
                return Mono.error(MicroException.unavailable(ID, "broker is closed"));
            }
            return cache.getService(SERVICE_PREFIX + topic).flatMap(records -> deliver(topic, records, message));
        });
    }

    @Override
    public Flux<Message> subscribe(String topic, SubscribeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        @Nullable String queue = options.queue();
        Flux<Message> messages = Flux.create(sink -> {
            if (disposed.get()) {
                sink.error(MicroException.unavailable(ID, "broker is closed"));
                return;
            }
            LocalSubscribers.Member member = local.add(topic, queue, sink);
            // 0: not yet counted, 1: counted in the advertisement, 2: cancelled (never counted again)
            AtomicInteger counted = new AtomicInteger();
            Disposable advertised = server.flatMap(bound -> counted.compareAndSet(0, 1)
                            ? advertisements.acquire(record(topic, queue, bound))
                            : Mono.<Void>empty())
                    .subscribe(null, sink::error);
            sink.onDispose(() -> {
                advertised.dispose();
                local.remove(topic, member);
                if (counted.getAndSet(2) == 1) {
                    advertisements.release(SERVICE_PREFIX + topic, version(queue));
                }
            });
        });
        return SubscriberBuffer.bound(messages, ID, topic, options);
    }

    @Override
    public String describe() {
        return "rsocket";
    }

    /** Withdraws every advertisement, then closes the server and every connection. Does not wait. */
    @Override
    public void dispose() {
        if (!disposed.compareAndSet(false, true)) {
            return;
        }
        refresher.dispose();
        advertisements
                .withdrawAll()
                .then(Mono.defer(() -> {
                    TransportServer bound = receiving.get();
                    return bound == null ? Mono.<Void>empty() : bound.shutdown(Duration.ZERO);
                }))
                .onErrorComplete()
                .doFinally(s -> {
                    client.dispose();
                    cache.dispose();
                })
                .subscribe();
    }

    @Override
    public boolean isDisposed() {
        return disposed.get();
    }

    private ServiceRecord record(String topic, @Nullable String queue, TransportServer bound) {
        Node node = new Node(
                nodeId,
                bound.address(),
                queue == null
                        ? java.util.Map.of("broker", "rsocket")
                        : java.util.Map.of("broker", "rsocket", "queue", queue));
        return new ServiceRecord(SERVICE_PREFIX + topic, version(queue), java.util.Map.of(), List.of(), List.of(node));
    }

    private static String version(@Nullable String queue) {
        return queue == null ? BROADCAST : QUEUE_PREFIX + queue;
    }

    private Mono<Void> deliver(String topic, List<ServiceRecord> records, Message message) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        List<Mono<Void>> sends = new ArrayList<>();
        for (ServiceRecord r : records) {
            if (r.nodes().isEmpty()) {
                continue;
            }
            if (BROADCAST.equals(r.version())) {
                Request request = request(topic, null, message);
                for (Node node : r.nodes()) {
                    sends.add(send(node, request).onErrorResume(e -> {
                        log.debug("{}: broadcast of {} to {} lost: {}", ID, topic, node.address(), e.toString());
                        return Mono.empty();
                    }));
                }
            } else if (r.version().startsWith(QUEUE_PREFIX)) {
                String queue = r.version().substring(QUEUE_PREFIX.length());
                sends.add(sendToOneOf(topic, queue, r.nodes(), request(topic, queue, message)));
            }
        }
        return Mono.when(sends);
    }

    /** Tries members in random order, those set aside last, until one takes the message. */
    private Mono<Void> sendToOneOf(String topic, String queue, List<Node> members, Request request) {
        List<Node> order = new ArrayList<>(members.size());
        List<Node> last = new ArrayList<>();
        int start = ThreadLocalRandom.current().nextInt(members.size());
        for (int i = 0; i < members.size(); i++) {
            Node n = members.get((start + i) % members.size());
            (setAside.getIfPresent(n.address()) == null ? order : last).add(n);
        }
        order.addAll(last);
        List<Node> tries = order.subList(0, Math.min(MAX_ATTEMPTS, order.size()));
        Mono<Void> attempt = Mono.error(MicroException.unavailable(
                ID, "no member of queue group %s of %s could be reached (%d tried)", queue, topic, tries.size()));
        for (int i = tries.size() - 1; i >= 0; i--) {
            Node node = tries.get(i);
            Mono<Void> next = attempt;
            attempt = send(node, request).onErrorResume(e -> {
                log.debug("{}: {} of group {} unreachable ({}); trying another member", ID, node.address(), queue, e);
                setAside.put(node.address(), Boolean.TRUE);
                return next;
            });
        }
        return attempt;
    }

    private Mono<Void> send(Node node, Request request) {
        return client.fireAndForget(node.address(), request);
    }

    private static Request request(String topic, @Nullable String queue, Message message) {
        Metadata headers = message.headers().with(TOPIC, topic);
        if (queue != null) {
            headers = headers.with(QUEUE, queue);
        }
        return new Request(ROUTE, null, headers, null, null, message.body());
    }
}
