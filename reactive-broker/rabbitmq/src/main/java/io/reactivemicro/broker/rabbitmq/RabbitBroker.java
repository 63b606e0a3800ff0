package io.reactivemicro.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.broker.SubscriberBuffer;
import io.reactivemicro.broker.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.BindingSpecification;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.CorrelableOutboundMessage;
import reactor.rabbitmq.ExchangeSpecification;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;
import reactor.util.concurrent.Queues;

/**
 * RabbitMQ pub/sub over one connection, after Go Micro's {@code rabbitmq} broker.
 *
 * <ul>
 *   <li>Messages are published to the durable topic exchange {@value #EXCHANGE} with the topic as routing key,
 *       persistent, with publisher confirms: {@link #publish} completes when RabbitMQ confirms. At most {@value
 *       #MAX_PENDING_PUBLISHES} publishes wait for confirmation at once; beyond that {@code publish} fails with
 *       429. Headers travel as AMQP headers.
 *   <li>A broadcast subscriber gets an exclusive, auto-delete, server-named queue bound to the topic: every
 *       subscriber gets every message, and the queue disappears when the subscription is cancelled.
 *   <li>A queue group is a durable queue {@code micro.<topic>.<group>} bound to the topic, shared by the
 *       group's members (RabbitMQ gives each message to one consumer of a queue, round robin). It outlives its
 *       members: messages published while the group has no member wait in it (at-least-once for the group once
 *       the queue exists; RabbitMQ's own limits apply); delete it by hand to drop the group.
 * </ul>
 *
 * Deliveries are acknowledged to RabbitMQ as they enter the subscriber's bounded {@link SubscriberBuffer} (at
 * most {@value #PREFETCH} unacknowledged per consumer), so a message already in a buffer is lost if the process
 * dies. Order is kept per publisher and queue.
 */
public final class RabbitBroker implements Broker, AutoCloseable {

    static final String EXCHANGE = "micro";
    static final String DEFAULT_ADDRESS = "amqp://guest:guest@127.0.0.1:5672";
    static final int MAX_PENDING_PUBLISHES = 8192;
    static final int PREFETCH = 256;

    private static final String ID = "broker-rabbitmq";
    private static final Logger log = LoggerFactory.getLogger(RabbitBroker.class);

    private final ConnectionFactory factory;
    private final String address;
    private final Mono<Connection> connection;
    private final Sender sender;
    private final Receiver receiver;
    private final Mono<Void> exchange;
    private final Set<MonoSink<Void>> unconfirmed = ConcurrentHashMap.newKeySet();
    private Sinks.@Nullable Many<CorrelableOutboundMessage<MonoSink<Void>>> outbound;
    private volatile @Nullable Connection opened;

    private RabbitBroker(String address) {
        this.address = address.isBlank() ? DEFAULT_ADDRESS : address.trim();
        this.factory = new ConnectionFactory();
        try {
            String uri = this.address.contains("://") ? this.address : "amqp://guest:guest@" + this.address;
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("address: " + address + " (expected: amqp://user:pass@host:port)", e);
        }
        factory.setConnectionTimeout(2000);
        factory.setAutomaticRecoveryEnabled(true);
        this.connection = Mono.fromCallable(() -> {
                    Connection c = factory.newConnection("reactive-micro " + ID);
                    opened = c;
                    return c;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(this::unavailable)
                .cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
        this.sender = RabbitFlux.createSender(new SenderOptions().connectionMono(connection));
        this.receiver = RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connection));
        this.exchange = sender.declareExchange(
                        ExchangeSpecification.exchange(EXCHANGE).type("topic").durable(true))
                .then()
                .onErrorMap(this::unavailable)
                .cache(
                        v -> Duration.ofMillis(Long.MAX_VALUE),
                        e -> Duration.ZERO,
                        () -> Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * A broker for the RabbitMQ at {@code address} ({@code amqp://user:pass@host:port/vhost}, or {@code
     * host:port} for guest/guest; empty means {@value #DEFAULT_ADDRESS}). Connects on first use; the client
     * recovers the connection and its queues by itself after a network failure.
     */
    public static RabbitBroker create(String address) {
        return new RabbitBroker(Objects.requireNonNull(address, "address"));
    }

    private Throwable unavailable(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        return MicroException.unavailable(ID, "RabbitMQ at %s: %s", factory.getHost() + ":" + factory.getPort(), e);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes when RabbitMQ confirms the message (routed to every bound queue, or dropped for want of
     * one); 503 on a negative confirm or a lost connection; 429 when {@value #MAX_PENDING_PUBLISHES} publishes
     * already wait for confirmation.
     */
    @Override
    public Mono<Void> publish(String topic, Message message) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        Map<String, Object> headers = new LinkedHashMap<>(message.headers().asMap());
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .headers(headers)
                .deliveryMode(2)
                .contentType(message.headers().get(Message.CONTENT_TYPE))
                .build();
        return exchange.then(Mono.<Void>create(sink -> {
                    unconfirmed.add(sink);
                    sink.onDispose(() -> unconfirmed.remove(sink));
                    Sinks.EmitResult result;
                    synchronized (this) {
                        result = pipeline()
                                .tryEmitNext(
                                        new CorrelableOutboundMessage<>(EXCHANGE, topic, props, message.body(), sink));
                    }
                    if (result.isFailure()) {
                        sink.error(
                                result == Sinks.EmitResult.FAIL_OVERFLOW
                                        ? MicroException.tooManyRequests(
                                                ID,
                                                "%d publishes already wait for RabbitMQ's confirmation",
                                                MAX_PENDING_PUBLISHES)
                                        : MicroException.unavailable(ID, "publishing to %s: %s", topic, result));
                    }
                }))
                .onErrorMap(this::unavailable);
    }

    /** The one publishing pipeline (one channel in confirm mode); made again after it failed. */
    private Sinks.Many<CorrelableOutboundMessage<MonoSink<Void>>> pipeline() {
        Sinks.Many<CorrelableOutboundMessage<MonoSink<Void>>> p = outbound;
        if (p != null) {
            return p;
        }
        Sinks.Many<CorrelableOutboundMessage<MonoSink<Void>>> created = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<CorrelableOutboundMessage<MonoSink<Void>>>get(MAX_PENDING_PUBLISHES)
                        .get());
        outbound = created;
        // basicPublish writes to the socket: never on the caller's thread, which may be an event loop
        sender.sendWithTypedPublishConfirms(created.asFlux().publishOn(Schedulers.boundedElastic(), 256))
                .subscribeOn(Schedulers.boundedElastic()) // opening the channel writes too
                .subscribe(
                        r -> {
                            MonoSink<Void> sink = r.getOutboundMessage().getCorrelationMetadata();
                            if (r.isAck()) {
                                sink.success();
                            } else {
                                sink.error(MicroException.unavailable(ID, "RabbitMQ refused the message (nack)"));
                            }
                        },
                        e -> {
                            log.warn("{}: publishing channel failed: {}", ID, e.toString());
                            synchronized (this) {
                                if (outbound == created) {
                                    outbound = null;
                                }
                            }
                            Throwable error = unavailable(e);
                            unconfirmed.forEach(s -> s.error(error));
                        });
        return created;
    }

    @Override
    public Flux<Message> subscribe(String topic, SubscribeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        String group = options.queue();
        QueueSpecification spec = group == null
                ? QueueSpecification.queue().exclusive(true).autoDelete(true).durable(false)
                : QueueSpecification.queue(queueName(topic, group)).durable(true);
        Flux<Message> source = exchange.then(sender.declareQueue(spec))
                .flatMap(ok -> sender.bindQueue(BindingSpecification.binding(EXCHANGE, topic, ok.getQueue()))
                        .thenReturn(ok.getQueue()))
                .flatMapMany(queue -> receiver.consumeAutoAck(queue, new ConsumeOptions().qos(PREFETCH)))
                .map(RabbitBroker::message)
                // opening the channel and basicConsume write to the socket: not on the subscriber's thread
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(this::unavailable);
        return SubscriberBuffer.bound(source, ID, topic, options);
    }

    /** Deletes the durable queue of {@code group} on {@code topic}, dropping the group and what waits in it. */
    public Mono<Void> deleteGroup(String topic, String group) {
        Topics.check(ID, topic);
        return sender.deleteQueue(QueueSpecification.queue(queueName(topic, group)), false, false)
                .then()
                .onErrorMap(this::unavailable);
    }

    static String queueName(String topic, String group) {
        return "micro." + topic + "." + group;
    }

    private static Message message(Delivery d) {
        Map<String, Object> headers = d.getProperties().getHeaders();
        if (headers == null || headers.isEmpty()) {
            return Message.of(Metadata.empty(), d.getBody());
        }
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (v != null) {
                map.put(k, v.toString());
            }
        });
        return Message.of(Metadata.of(map), d.getBody());
    }

    @Override
    public String describe() {
        return "rabbitmq";
    }

    /** Closes the channels and the connection (blocking). */
    @Override
    public void close() {
        receiver.close();
        sender.close();
        Connection c = opened;
        if (c != null && c.isOpen()) {
            try {
                c.close(2000);
            } catch (Exception e) {
                log.debug("{}: closing connection: {}", ID, e.toString());
            }
        }
    }
}
