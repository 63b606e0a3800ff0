package io.reactivemicro.broker;

import io.reactivemicro.plugin.Plugins;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Transport;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fire-and-forget publish/subscribe, after Go Micro's {@code broker.Broker}. Methods are lazy: nothing
 * happens until subscription.
 *
 * <p>Without a queue group every subscriber of a topic receives every message; subscribers sharing a queue
 * group receive each message once between them. Plugins are found by name through {@link BrokerProvider}
 * ({@code MICRO_BROKER=nats}); {@link #memory()} is the in-process implementation.
 */
public interface Broker {

    /**
     * Publishes {@code message} on {@code topic}.
     *
     * <p>Lazy: nothing is sent until subscription, and each subscription publishes again. Completes empty when
     * the broker has accepted the message (memory: handed to every current subscriber's buffer; NATS: written
     * to the connection; Redis: {@code PUBLISH} answered; RabbitMQ: confirmed by the exchange). A topic with no
     * subscribers accepts the message and drops it: pub/sub is at-most-once. Fails with a {@link
     * io.reactivemicro.MicroException} 503 when the backend cannot be reached. Cancelling before completion
     * may or may not stop the message. No backpressure: one message, no buffer beyond the client's own.
     *
     * @throws io.reactivemicro.MicroException 400, at the call, for a topic {@link Topics#check} refuses
     */
    Mono<Void> publish(String topic, Message message);

    /**
     * Messages published on {@code topic} from the moment the subscription is established (shortly after
     * subscription for a remote broker: messages published before that are not seen).
     *
     * <p>Lazy: each subscription is a new backend subscription. Never completes on its own. Cancelling
     * unsubscribes and releases the backend subscription and the buffer. Backpressure: a subscriber that
     * cannot keep up is buffered up to {@link SubscribeOptions#bufferSize()} messages (default {@value
     * SubscribeOptions#DEFAULT_BUFFER_SIZE}), then {@link SubscribeOptions#overflow()} applies: {@code ERROR}
     * fails the {@code Flux} with a 429 {@link io.reactivemicro.MicroException}, {@code DROP_OLDEST} drops and
     * counts — never unbounded memory. Fails with 503 when the backend cannot be reached or the connection is
     * lost, and with 400 when the plugin cannot honour the options (Redis and queue groups).
     *
     * @throws io.reactivemicro.MicroException 400, at the call, for a topic {@link Topics#check} refuses
     */
    Flux<Message> subscribe(String topic, SubscribeOptions options);

    /** A name for logs and error messages. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** A new, empty in-process broker. */
    static Broker memory() {
        return new MemoryBroker();
    }

    /** The one in-process broker of this JVM, which {@code MICRO_BROKER=memory} selects. */
    static Broker sharedMemory() {
        return MemoryBroker.SHARED;
    }

    /**
     * The broker plugin called {@code name} at {@code address} (empty: the plugin's default), for a service on
     * {@code registry} and {@code transport} (a broker without a central server finds its peers there). Throws
     * {@link IllegalStateException} naming the artifact to add when no such plugin is on the classpath.
     */
    static Broker named(String name, String address, Registry registry, Transport transport) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        return Plugins.find(BrokerProvider.class, BrokerProvider::name, name, "MICRO_BROKER", "broker-" + name)
                .create(address, registry, transport);
    }

    /**
     * The broker a service built without {@code .broker(...)} uses: the one named by {@code MICRO_BROKER} (system
     * property {@code micro.broker}) at {@code MICRO_BROKER_ADDRESS}; unset, {@code rsocket} when {@code
     * broker-rsocket} is on the classpath (the default across processes), else the JVM-wide {@code memory} broker.
     */
    static Broker fromConfig(Registry registry, Transport transport) {
        String address = Plugins.setting("MICRO_BROKER_ADDRESS", "");
        String name = Plugins.setting("MICRO_BROKER");
        if (name != null) {
            return named(name, address, registry, transport);
        }
        return Plugins.lookup(BrokerProvider.class, BrokerProvider::name, "rsocket")
                .map(p -> p.create(address, registry, transport))
                .orElseGet(() -> {
                    LoggerFactory.getLogger(Broker.class)
                            .warn("MICRO_BROKER is not set and broker-rsocket is not on the classpath: messages stay in"
                                    + " this JVM (memory broker)");
                    return sharedMemory();
                });
    }
}
