package io.reactivemicro.events;

import io.reactivemicro.broker.Message;
import io.reactivemicro.plugin.Plugins;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Durable event streams, after Go Micro's {@code events.Stream}: events published on a topic are kept by the
 * backend, and each consumer group reads them from its own durable position, acknowledging what it has done.
 * Delivery is at-least-once: an event not acknowledged within the ack wait (its consumer slow, failed or
 * killed) is delivered again to a consumer of the group, up to the retry limit; an acknowledged event is never
 * delivered to that group again. Within a topic events are kept in publish order; redeliveries come out of
 * order.
 *
 * <p>Plugins are found by name through {@link EventsProvider} ({@code MICRO_EVENTS=nats}); {@link #memory()} is
 * the in-process implementation (durable only for the life of the JVM).
 */
public interface Events {

    /**
     * Appends {@code message} (headers become the event's metadata, body its payload) to {@code topic}'s
     * stream.
     *
     * <p>Lazy: nothing is stored until subscription, and each subscription appends again (a retried publish
     * may store the event twice). Completes empty when the backend has durably stored the event (memory:
     * appended to the log; JetStream: publish acknowledgement; Redis: {@code XADD} reply). Fails with a {@link
     * io.reactivemicro.MicroException} 503 when the backend cannot be reached, 413 when the payload exceeds the
     * backend's limit. Cancelling before completion may or may not stop the append.
     *
     * @throws io.reactivemicro.MicroException 400, at the call, for a topic {@link
     *     io.reactivemicro.broker.Topics#check} refuses
     */
    Mono<Void> publish(String topic, Message message, PublishOptions options);

    /** As {@link #publish(String, Message, PublishOptions)} with {@link PublishOptions#defaults()}. */
    default Mono<Void> publish(String topic, Message message) {
        return publish(topic, message, PublishOptions.defaults());
    }

    /**
     * Events of {@code topic} for {@code options.group()}, from the group's durable position (for a new group,
     * from {@link ConsumeOptions#offset()}).
     *
     * <p>Lazy: each subscription joins the group as a new consumer (creating the group and, where needed, the
     * stream). Never completes on its own. Backpressure: events are fetched as the subscriber requests them,
     * at most {@link ConsumeOptions#bufferSize()} unacknowledged at a time; the rest stay in the backend, so a
     * slow consumer costs no memory and loses nothing. Cancelling leaves the group: the consumer's
     * unacknowledged events are redelivered to other members after the ack wait; a private group (no group
     * named) is deleted. Fails with a 503 {@link io.reactivemicro.MicroException} when the backend cannot be
     * reached or the connection is lost.
     *
     * @throws io.reactivemicro.MicroException 400, at the call, for a topic {@link
     *     io.reactivemicro.broker.Topics#check} refuses
     */
    Flux<Event> consume(String topic, ConsumeOptions options);

    /** A name for logs and error messages. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** A new, empty in-process events backend. */
    static Events memory() {
        return new MemoryEvents();
    }

    /** The one in-process events backend of this JVM, which {@code MICRO_EVENTS=memory} selects. */
    static Events sharedMemory() {
        return MemoryEvents.SHARED;
    }

    /**
     * The events backend called {@code name} at {@code address} (empty: the plugin's default). Throws {@link
     * IllegalStateException} naming the artifact to add when no such plugin is on the classpath.
     */
    static Events named(String name, String address) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(address, "address");
        return Plugins.find(EventsProvider.class, EventsProvider::name, name, "MICRO_EVENTS", "broker-" + name)
                .create(address);
    }

    /**
     * The events backend named by {@code MICRO_EVENTS} (system property {@code micro.events}; by default {@code
     * memory}, the JVM-wide one) at {@code MICRO_EVENTS_ADDRESS} (by default the plugin's own).
     */
    static Events fromConfig() {
        return named(Plugins.setting("MICRO_EVENTS", "memory"), Plugins.setting("MICRO_EVENTS_ADDRESS", ""));
    }
}
