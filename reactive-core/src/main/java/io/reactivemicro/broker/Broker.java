package io.reactivemicro.broker;

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
     * Publishes {@code message} on {@code topic}. Completes when the broker has accepted it (for the memory
     * broker: handed to every current subscriber's buffer); a topic with no subscribers accepts and drops it.
     */
    Mono<Void> publish(String topic, Message message);

    /**
     * Messages published on {@code topic} from the moment of subscription. Never completes on its own;
     * cancelling unsubscribes. A subscriber that cannot keep up is buffered up to {@link
     * SubscribeOptions#bufferSize()} messages, then {@link SubscribeOptions#overflow()} applies.
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
}
