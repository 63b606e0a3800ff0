package io.reactivemicro.broker.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.MessageHandler;
import io.nats.client.Subscription;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.broker.SubscriberBuffer;
import io.reactivemicro.broker.Topics;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Core NATS pub/sub. A topic is a NATS subject; a queue group is a NATS queue subscription, so the server gives
 * each message to one member of the group; without a group every subscriber gets every message.
 *
 * <p>At-most-once: NATS keeps nothing for a subscriber that is not connected, and a message published to a
 * subject without subscribers is dropped by the server (use {@link NatsEvents} for durability). Messages from
 * one publishing connection arrive in order. All subscriptions share one connection and one jnats dispatcher
 * thread, which only hands messages to each subscriber's bounded {@link SubscriberBuffer}. Payloads are limited
 * by the server's {@code max_payload} (1 MiB by default): larger ones fail with 413.
 */
public final class NatsBroker implements Broker, AutoCloseable {

    private static final String ID = "broker-nats";

    private final NatsConnection nats;
    private volatile @Nullable Dispatcher dispatcher;

    private NatsBroker(String address) {
        this.nats = new NatsConnection(ID, address);
    }

    /**
     * A broker for the NATS servers at {@code address} ({@code nats://host:port} or {@code host:port},
     * comma-separated; empty means {@value NatsConnection#DEFAULT_ADDRESS}). Connects on first use.
     */
    public static NatsBroker create(String address) {
        return new NatsBroker(Objects.requireNonNull(address, "address"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>NATS core has no publish acknowledgement: completes when the message is written to the connection's
     * outgoing queue, in order with everything else this broker publishes. That happens on the subscribing
     * thread, or on a bounded-elastic worker when that thread is a non-blocking one (an event loop), because
     * jnats makes the writing thread wait for room when its outgoing queue (5000 messages) is full. 413 when the payload exceeds the
     * server's {@code max_payload}; 503 when NATS cannot be reached.
     */
    @Override
    public Mono<Void> publish(String topic, Message message) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        return nats.get()
                .flatMap(c -> {
                    Mono<Void> write = Mono.fromRunnable(
                            () -> c.publish(topic, NatsConnection.headers(message.headers()), message.body()));
                    // jnats may wait for room in its outgoing queue: never on a non-blocking (event loop) thread
                    return Schedulers.isInNonBlockingThread() ? write.subscribeOn(Schedulers.boundedElastic()) : write;
                })
                .onErrorMap(e -> e instanceof IllegalArgumentException
                                && String.valueOf(e.getMessage()).contains("payload")
                        ? MicroException.payloadTooLarge(ID, "message to %s: %s", topic, e.getMessage())
                        : nats.unavailable(e));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The NATS subscription ({@code SUB}, with the queue group when given) is sent when the {@code Flux} is
     * subscribed, before any later publish on this broker; cancelling sends {@code UNSUB}.
     */
    @Override
    public Flux<Message> subscribe(String topic, SubscribeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        Flux<Message> source = nats.get()
                .flatMapMany(c -> Flux.<Message>create(sink -> {
                    Dispatcher d = dispatcher(c);
                    MessageHandler handler =
                            m -> sink.next(Message.of(NatsConnection.metadata(m.getHeaders(), Set.of()), m.getData()));
                    Subscription sub = options.queue() == null
                            ? d.subscribe(topic, handler)
                            : d.subscribe(topic, options.queue(), handler);
                    sink.onDispose(() -> {
                        try {
                            d.unsubscribe(sub);
                        } catch (IllegalStateException closed) {
                            // the connection or dispatcher is already closed: nothing left to release
                        }
                    });
                }))
                .onErrorMap(nats::unavailable);
        return SubscriberBuffer.bound(source, ID, topic, options);
    }

    private Dispatcher dispatcher(Connection c) {
        Dispatcher d = dispatcher;
        if (d == null) {
            synchronized (this) {
                d = dispatcher;
                if (d == null) {
                    d = c.createDispatcher();
                    dispatcher = d;
                }
            }
        }
        return d;
    }

    @Override
    public String describe() {
        return "nats";
    }

    /** Closes the connection (blocking); subscriptions end. */
    @Override
    public void close() {
        nats.close();
    }
}
