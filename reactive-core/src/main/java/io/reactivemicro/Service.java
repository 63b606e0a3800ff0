package io.reactivemicro;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.registry.CachingRegistry;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.selector.Selector;
import io.reactivemicro.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A named, versioned service: a {@link Server} serving handlers, a {@link Client} calling others, registered
 * in a registry and subscribed to broker topics. Built by {@link Micro#service(String)}.
 */
public interface Service {

    String name();

    String version();

    /** Calls other services (and publishes) as this service. */
    Client client();

    Server server();

    /**
     * The registry this service registers in, seen through its client's cache: {@code getService} is a map
     * read once the service is known (kept fresh by one watch), while {@code listServices} and {@code watch}
     * go to the registry itself. For tools that route calls by name, such as the API gateway.
     */
    Registry registry();

    /**
     * Binds the server, registers the service (re-registering every {@link Builder#registerInterval}) and
     * starts its subscriptions. Lazy; completes once the service is registered and callable. Fails with 503
     * when the address cannot be bound or the registry cannot be reached; starting twice is an {@link
     * IllegalStateException}.
     */
    Mono<Void> start();

    /**
     * Deregisters, stops subscriptions, stops accepting calls (new ones get 503), lets in-flight calls finish
     * for up to the grace period, then closes the server and the client's connections. Lazy; completes when
     * closed. Stopping a stopped service completes at once.
     *
     * <p>A service that was never started can still call others through {@link #client()}: it is a client only
     * (nothing bound, nothing registered, as the CLI and the gateway use it). Stopping it closes the client's
     * connections; it cannot be started afterwards.
     */
    Mono<Void> stop();

    /** For {@code main}: starts (unless already started), blocks until SIGINT/SIGTERM, then stops. */
    void run();

    /**
     * Builds a {@link Service}. Not thread-safe. Every setting has a default, resolved in {@link #build()}: a
     * builder call wins over the system property ({@code -Dmicro.registry=...}, what the CLI's flags set), which
     * wins over the environment variable ({@code MICRO_REGISTRY}), which wins over the built-in default.
     */
    final class Builder {

        final String name;
        String version = "latest";

        @Nullable
        String address;

        final Map<String, String> metadata = new LinkedHashMap<>();

        @Nullable
        Registry registry;

        @Nullable
        Broker broker;

        @Nullable
        Transport transport;

        Selector selector = Selector.powerOfTwoChoices();
        Duration maxStaleness = CachingRegistry.DEFAULT_MAX_STALENESS;
        Codec codec = Codec.json();
        Duration requestTimeout = Duration.ofSeconds(5);
        int retries = 1;
        Duration registerTtl = RegisterOptions.DEFAULT_TTL;
        Duration registerInterval = Duration.ofSeconds(30);
        Duration gracePeriod = Duration.ofSeconds(10);
        Duration connectTimeout = Duration.ofSeconds(5);
        int maxPayloadBytes = 4 * 1024 * 1024;
        int maxInFlightPerConnection = 16_384;
        final List<Interceptor> clientInterceptors = new ArrayList<>();
        final List<Interceptor> handlerInterceptors = new ArrayList<>();
        final List<HandlerBinding> handlers = new ArrayList<>();
        final List<Subscription<?>> subscriptions = new ArrayList<>();

        Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("name: '" + name + "' (expected: letters, digits, '.', '_', '-')");
            }
            this.name = name;
        }

        /** The version registered, by default {@code latest}. */
        public Builder version(String version) {
            this.version = requireText(version, "version");
            return this;
        }

        /**
         * Where the server binds: {@code host:port} (RSocket over TCP) or {@code ws://host:port/path}
         * (WebSocket); port 0 picks a free port. By default {@code MICRO_SERVER_ADDRESS}, else {@code
         * 127.0.0.1:0}.
         */
        public Builder address(String address) {
            this.address = requireText(address, "address");
            return this;
        }

        /** Adds service metadata, registered with the service. */
        public Builder metadata(String key, String value) {
            metadata.put(requireText(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * By default the plugin named by {@code MICRO_REGISTRY}, else {@code mdns} (zero configuration across
         * processes on one machine or LAN; needs the {@code registry-mdns} artifact). {@code
         * Registry.sharedMemory()} or {@code MICRO_REGISTRY=memory} keeps everything in one JVM.
         */
        public Builder registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * By default the plugin named by {@code MICRO_BROKER}; unset, the {@code rsocket} broker when {@code
         * broker-rsocket} is on the classpath (peers found in this service's registry; closed when the service
         * stops), else the JVM-wide {@code memory} broker.
         */
        public Builder broker(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /** By default the plugin named by {@code MICRO_TRANSPORT}, else {@code rsocket}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** How the client picks a node. By default {@link Selector#powerOfTwoChoices()}. */
        public Builder selector(Selector selector) {
            this.selector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * How long the client trusts a cached service the registry's watch has not confirmed (the watch is
         * down). By default 30 s; see {@link CachingRegistry}.
         */
        public Builder maxStaleness(Duration maxStaleness) {
            this.maxStaleness = requirePositive(maxStaleness, "maxStaleness");
            return this;
        }

        /** The codec for message objects. By default {@link Codec#json()}. */
        public Builder codec(Codec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** The deadline of a request-response call (retries included) without its own. By default 5 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "timeout");
            return this;
        }

        /** How often a failed call is re-sent (see {@link Idempotent} for when). By default 1. */
        public Builder retries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("retries: " + retries + " (expected: 0..10)");
            }
            this.retries = retries;
            return this;
        }

        /** How long the registry keeps the service without a refresh. By default 90 s. */
        public Builder registerTtl(Duration ttl) {
            this.registerTtl = requirePositive(ttl, "ttl");
            return this;
        }

        /** How often the service registers again. By default 30 s. */
        public Builder registerInterval(Duration interval) {
            this.registerInterval = requirePositive(interval, "interval");
            return this;
        }

        /** How long {@link Service#stop()} waits for in-flight calls. By default 10 s. */
        public Builder gracePeriod(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
            }
            this.gracePeriod = grace;
            return this;
        }

        /** How long dialling a node may take. By default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "timeout");
            return this;
        }

        /** The largest message accepted, in bytes; larger ones fail that call with 413. By default 4 MiB. */
        public Builder maxPayloadBytes(int bytes) {
            if (bytes < 1 || bytes > 16 * 1024 * 1024 - 1024) {
                throw new IllegalArgumentException("maxPayloadBytes: " + bytes + " (expected: 1..16 MiB - 1 KiB)");
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /** Requests one connection may have in flight; more fail with 429. By default 16384. */
        public Builder maxInFlightPerConnection(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxInFlightPerConnection: " + limit + " (expected: > 0)");
            }
            this.maxInFlightPerConnection = limit;
            return this;
        }

        /** Wraps every outgoing call; the first added is outermost. See {@link Interceptor} for the order. */
        public Builder clientInterceptor(Interceptor interceptor) {
            clientInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Wraps every handler call; the first added is outermost. See {@link Interceptor} for the order. */
        public Builder handlerInterceptor(Interceptor interceptor) {
            handlerInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Serves {@code handler}'s methods as {@code <api simple name>.<method>} endpoints. The interface is
         * checked now: each method takes one argument (a {@code Flux} for request-channel) and returns {@code
         * Mono} or {@code Flux}; no overloads. Throws {@link IllegalArgumentException} naming the offending
         * method otherwise.
         */
        public <T> Builder handler(Class<T> api, T handler) {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(handler, "handler");
            if (!api.isInstance(handler)) {
                throw new IllegalArgumentException(
                        "handler: " + handler.getClass().getName() + " does not implement " + api.getName());
            }
            ApiModel model = ApiModel.of(api);
            for (HandlerBinding b : handlers) {
                if (b.model().name().equals(model.name())) {
                    throw new IllegalArgumentException("api: a handler for " + model.name() + " is already set");
                }
            }
            handlers.add(new HandlerBinding(model, handler));
            return this;
        }

        /**
         * Subscribes {@code handler} to {@code topic} while the service runs; every instance of the service
         * receives every message. The message is decoded as {@code type}; its headers are in the handler's
         * Reactor {@code Context} ({@link Metadata#from}). Messages are handled one at a time, in order; a
         * handler error is logged and the next message handled.
         */
        public <T> Builder subscribe(String topic, Class<T> type, Function<? super T, Mono<Void>> handler) {
            subscriptions.add(new Subscription<>(requireText(topic, "topic"), null, type, handler));
            return this;
        }

        /** As {@link #subscribe(String, Class, Function)}, each message going to one member of {@code queue}. */
        public <T> Builder subscribe(
                String topic, String queue, Class<T> type, Function<? super T, Mono<Void>> handler) {
            subscriptions.add(
                    new Subscription<>(requireText(topic, "topic"), requireText(queue, "queue"), type, handler));
            return this;
        }

        /** Resolves every default and builds the service; nothing runs until {@link Service#start()}. */
        public Service build() {
            return new DefaultService(this);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + ": blank");
            }
            return value;
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
