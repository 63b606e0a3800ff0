package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.codec.CodecException;
import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.CachingRegistry;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** A service's lifecycle: bind, register and keep registered, subscribe; then the same undone in order. */
final class DefaultService implements Service {

    private static final Logger log = LoggerFactory.getLogger(DefaultService.class);

    private enum State {
        NEW,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final String name;
    private final String version;
    private final String nodeId;
    private final String bindAddress;
    private final Map<String, String> metadata;
    private final Registry registry;
    private final CachingRegistry cache;
    private final Broker broker;
    private final boolean ownsBroker;
    private final Transport transport;
    private final Codecs codecs;
    private final DefaultServer server;
    private final DefaultClient client;
    private final List<Subscription<?>> subscriptions;
    private final Duration registerTtl;
    private final Duration registerInterval;
    private final Duration gracePeriod;
    private final ServerSettings serverSettings;
    private final long createdAt = System.currentTimeMillis();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Disposable.Composite running = Disposables.composite();
    private volatile @Nullable TransportServer transportServer;
    private volatile @Nullable ServiceRecord record;

    DefaultService(Builder b) {
        this.name = b.name;
        this.version = b.version;
        this.nodeId = b.name + "-" + UUID.randomUUID();
        this.bindAddress = b.address != null ? b.address : Plugins.setting(Config.SERVER_ADDRESS, "127.0.0.1:0");
        this.registry = b.registry != null ? b.registry : Config.registry();
        this.transport = b.transport != null ? b.transport : Config.transport();
        this.broker = b.broker != null ? b.broker : Config.broker(registry, transport);
        this.ownsBroker = b.broker == null;
        this.metadata = Map.copyOf(b.metadata);
        this.codecs = new Codecs(b.codec);
        this.subscriptions = List.copyOf(b.subscriptions);
        this.registerTtl = b.registerTtl;
        this.registerInterval = b.registerInterval;
        this.gracePeriod = b.gracePeriod;
        if (registerInterval.compareTo(registerTtl) >= 0) {
            throw new IllegalArgumentException(
                    "registerInterval: " + registerInterval + " (expected: < registerTtl " + registerTtl + ")");
        }
        List<HandlerBinding> handlers = new ArrayList<>(b.handlers);
        handlers.add(new HandlerBinding(ApiModel.of(Debug.class), (Debug) this::health));
        this.server = new DefaultServer(name, codecs, handlers, b.handlerInterceptors);
        this.serverSettings = new ServerSettings(name, bindAddress, b.maxPayloadBytes, b.maxInFlightPerConnection);
        this.cache = CachingRegistry.create(registry, b.maxStaleness);
        this.client = new DefaultClient(
                name,
                cache,
                broker,
                b.selector,
                transport.client(new ClientSettings(name, b.maxPayloadBytes, b.connectTimeout)),
                codecs,
                b.clientInterceptors,
                b.requestTimeout,
                b.retries);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Client client() {
        return client;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public Registry registry() {
        return cache;
    }

    @Override
    public Mono<Void> start() {
        return Mono.defer(() -> {
            if (!state.compareAndSet(State.NEW, State.STARTING)) {
                return Mono.error(new IllegalStateException(name + " was already started (" + state.get() + ")"));
            }
            return transport
                    .serve(serverSettings, server)
                    .flatMap(bound -> {
                        transportServer = bound;
                        server.address(bound.address());
                        ServiceRecord rec = record(bound.address());
                        record = rec;
                        return warmUp(bound.address())
                                .then(registry.register(rec, RegisterOptions.ttl(registerTtl)))
                                .onErrorMap(e -> MicroException.unavailable(
                                        name, "cannot register in %s: %s", registry.describe(), e.getMessage()))
                                .onErrorResume(
                                        e -> bound.shutdown(Duration.ZERO).then(Mono.error(e)));
                    })
                    .doOnSuccess(v -> {
                        state.set(State.RUNNING);
                        running.add(reRegistration());
                        subscriptions.forEach(s -> running.add(subscribe(s)));
                        log.info(
                                "{} {} serving at {} (node {}, registry {})",
                                name,
                                version,
                                server.address().orElse("?"),
                                nodeId,
                                registry.describe());
                    })
                    .doOnError(e -> state.set(State.STOPPED));
        });
    }

    @Override
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            State previous =
                    state.getAndUpdate(s -> s == State.RUNNING ? State.STOPPING : s == State.NEW ? State.STOPPED : s);
            if (previous == State.NEW) {
                // Used as a client only (never started): nothing is bound or registered, only connections.
                release();
                return Mono.empty();
            }
            if (previous != State.RUNNING) {
                return Mono.empty();
            }
            running.dispose();
            ServiceRecord rec = record;
            TransportServer bound = transportServer;
            Mono<Void> deregister = rec == null
                    ? Mono.empty()
                    : registry.deregister(rec)
                            .doOnError(e -> log.warn("{}: deregistering failed: {}", name, e.toString()))
                            .onErrorComplete();
            Mono<Void> shutdown = bound == null ? Mono.empty() : bound.shutdown(gracePeriod);
            return deregister.then(shutdown).doFinally(s -> {
                release();
                state.set(State.STOPPED);
                log.info("{} stopped", name);
            });
        });
    }

    /**
     * One call of this node's own {@code Debug.health} over the transport, before it registers: the server's
     * call path (connection setup, frame decoding, dispatch) is then loaded and compiled before the first
     * caller finds the node. Without it, a new node under load answered its first call some 300 ms late.
     * Handler interceptors see the call; an error answer (an interceptor's 401, say) still crossed the wire.
     * Not reaching the server (503, 502, or no answer in 2 s) is logged and the node registers anyway: its
     * callers' own probes will judge it.
     */
    private Mono<Void> warmUp(String address) {
        return client.callOnce(address).onErrorResume(e -> {
            if (!(e instanceof MicroException m) || m.code() == 503 || m.code() == 502) {
                log.warn("{}: calling itself at {} before registering failed: {}", name, address, e.toString());
            }
            return Mono.empty();
        });
    }

    /** Closes the client's connections and the broker this service made. */
    private void release() {
        client.dispose();
        if (ownsBroker && broker instanceof Disposable d) {
            d.dispose();
        }
    }

    @Override
    public void run() {
        CountDownLatch stopped = new CountDownLatch(1);
        if (state.get() == State.NEW) {
            start().block();
        }
        Thread hook = new Thread(
                () -> {
                    stop().block(gracePeriod.plusSeconds(5));
                    stopped.countDown();
                },
                name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Runtime.getRuntime().removeShutdownHook(hook);
            stop().block(gracePeriod.plusSeconds(5));
        }
    }

    private Mono<Debug.Health> health(Debug.HealthRequest request) {
        String status = state.get() == State.RUNNING ? "ok" : "draining";
        return Mono.just(new Debug.Health(status, name, version, nodeId, System.currentTimeMillis() - createdAt));
    }

    private ServiceRecord record(String address) {
        Map<String, String> nodeMetadata = new LinkedHashMap<>();
        nodeMetadata.put("transport", transport.name());
        nodeMetadata.put("protocol", "rsocket");
        nodeMetadata.put("registry", registry.describe());
        nodeMetadata.put("broker", broker.describe());
        nodeMetadata.put("server", "reactive-micro");
        nodeMetadata.put("version", version);
        Node node = new Node(nodeId, address, nodeMetadata);
        return new ServiceRecord(name, version, metadata, server.endpoints(), List.of(node));
    }

    private Disposable reRegistration() {
        return Flux.interval(registerInterval)
                .onBackpressureDrop()
                .concatMap(tick -> {
                    ServiceRecord rec = record;
                    return rec == null
                            ? Mono.empty()
                            : registry.register(rec, RegisterOptions.ttl(registerTtl))
                                    .doOnError(e -> log.warn("{}: re-registering failed: {}", name, e.toString()))
                                    .onErrorComplete();
                })
                .subscribe();
    }

    private <T> Disposable subscribe(Subscription<T> s) {
        SubscribeOptions options = s.queue() == null ? SubscribeOptions.broadcast() : SubscribeOptions.queue(s.queue());
        Codec.Decoder decoder = codecs.forType(s.type()).decoder(s.type());
        return broker.subscribe(s.topic(), options)
                .concatMap(message -> handle(s, decoder, message))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                        .maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.warn(
                                "{}: subscription to {} failed, re-subscribing: {}",
                                name,
                                s.topic(),
                                r.failure().toString())))
                .subscribe();
    }

    private <T> Mono<Void> handle(Subscription<T> s, Codec.Decoder decoder, Message message) {
        T value;
        try {
            value = s.type().cast(decoder.decode(message.body()));
        } catch (CodecException e) {
            log.warn("{}: dropping undecodable message on {}: {}", name, s.topic(), e.getMessage());
            return Mono.empty();
        }
        return Mono.defer(() -> s.handler().apply(value))
                .contextWrite(message.headers()::into)
                .doOnError(e -> log.warn("{}: subscriber of {} failed: {}", name, s.topic(), e.toString()))
                .onErrorComplete();
    }
}
