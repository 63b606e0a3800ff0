package io.reactivemicro.broker.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.Topics;
import io.reactivemicro.events.ConsumeOptions;
import io.reactivemicro.events.Event;
import io.reactivemicro.events.Events;
import io.reactivemicro.events.PublishOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Durable event streams on NATS JetStream, after Go Micro's {@code events/natsjs}.
 *
 * <ul>
 *   <li>A topic is the subject {@code micro.events.<topic>} of its own stream {@code MICRO_EVENTS_<topic>}
 *       (characters a stream name cannot hold become {@code _}), created on first use with file storage and
 *       limits retention: at most {@value #DEFAULT_MAX_MESSAGES} messages or {@value #DEFAULT_MAX_AGE_DAYS}
 *       days, the oldest discarded first.
 *   <li>A group is a durable pull consumer of that name; its members share it, so each event goes to one of
 *       them. A consumer without a group gets a private durable consumer that is deleted when it is cancelled,
 *       or by the server after {@value #PRIVATE_INACTIVE_SECONDS} s without a client if its process died.
 *   <li>The consumer is created with the options of the member that creates it: {@code offset} becomes the
 *       deliver policy ({@code New}, {@code All} or {@code ByStartTime}, compared with the server's storage
 *       time), {@code ackWait} the ack wait, {@code retryLimit + 1} the max deliveries, and {@code bufferSize}
 *       the max ack pending, which bounds the events in flight <em>for the whole group</em>. Joining an existing
 *       group does not change it.
 *   <li>Acks and naks are JetStream {@code +ACK} / {@code -NAK} messages; {@link Event#ack()} completes when the
 *       ack is written to the connection (JetStream does not confirm plain acks). Unacked events are redelivered
 *       by the server after the ack wait to any member.
 * </ul>
 */
public final class NatsEvents implements Events, AutoCloseable {

    static final String SUBJECT_PREFIX = "micro.events.";
    static final String STREAM_PREFIX = "MICRO_EVENTS_";
    static final long DEFAULT_MAX_MESSAGES = 1_000_000;
    static final int DEFAULT_MAX_AGE_DAYS = 7;
    static final int PRIVATE_INACTIVE_SECONDS = 60;

    /** The header carrying {@link PublishOptions#timestamp()} when one was given. */
    static final String TIMESTAMP_HEADER = "Micro-Event-Timestamp";

    private static final String ID = "events-nats";
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final Logger log = LoggerFactory.getLogger(NatsEvents.class);

    private final NatsConnection nats;
    private final Map<String, Mono<Void>> streams = new ConcurrentHashMap<>();

    private NatsEvents(String address) {
        this.nats = new NatsConnection(ID, address);
    }

    /** JetStream at {@code address} (as {@link NatsBroker#create(String)}); connects on first use. */
    public static NatsEvents create(String address) {
        return new NatsEvents(Objects.requireNonNull(address, "address"));
    }

    static String subject(String topic) {
        return SUBJECT_PREFIX + topic;
    }

    static String streamName(String topic) {
        return STREAM_PREFIX + topic.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes on JetStream's publish acknowledgement, that is once the event is stored.
     */
    @Override
    public Mono<Void> publish(String topic, Message message, PublishOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        return nats.get()
                .flatMap(c -> stream(c, topic).then(Mono.defer(() -> {
                    Mono<io.nats.client.api.PublishAck> write = Mono.fromFuture(() -> {
                        Headers headers = NatsConnection.headers(message.headers());
                        if (options.timestamp() != null) {
                            headers.put(TIMESTAMP_HEADER, options.timestamp().toString());
                        }
                        try {
                            return c.jetStream().publishAsync(subject(topic), headers, message.body());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    // jnats may wait for room in its outgoing queue: never on a non-blocking (event loop) thread
                    return Schedulers.isInNonBlockingThread() ? write.subscribeOn(Schedulers.boundedElastic()) : write;
                })))
                .then()
                .onErrorMap(e -> e instanceof IllegalArgumentException
                                && String.valueOf(e.getMessage()).contains("payload")
                        ? MicroException.payloadTooLarge(ID, "event on %s: %s", topic, e.getMessage())
                        : nats.unavailable(e));
    }

    @Override
    public Flux<Event> consume(String topic, ConsumeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        String durable = options.group() != null
                ? options.group()
                : "private-" + UUID.randomUUID().toString().replace("-", "");
        Flux<Event> events = nats.get()
                .flatMapMany(c -> stream(c, topic)
                        .then(Mono.fromCallable(() -> consumer(c, topic, durable, options))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .flatMapMany(cc -> Flux.<Event>create(sink -> {
                                    MessageConsumer mc;
                                    try {
                                        mc = cc.consume(
                                                io.nats.client.ConsumeOptions.builder()
                                                        .batchSize(Math.min(options.bufferSize(), 256))
                                                        .build(),
                                                m -> sink.next(event(topic, m)));
                                    } catch (Exception e) {
                                        sink.error(nats.unavailable(e));
                                        return;
                                    }
                                    sink.onDispose(() -> {
                                        // close, not just stop: a stopped consumer's open pull would still take
                                        // (and lose until the ack wait) events meant for the other members
                                        try {
                                            mc.close();
                                        } catch (Exception e) {
                                            log.debug("{}: closing consumer {}: {}", ID, durable, e.toString());
                                        }
                                        if (options.group() == null) {
                                            deleteConsumer(c, topic, durable);
                                        }
                                    });
                                })
                                .subscribeOn(Schedulers.boundedElastic())))
                .onErrorMap(nats::unavailable);
        if (options.autoAck()) {
            // Acked when handed to the subscriber: events still buffered stay unacked, so max ack pending bounds them.
            events = events.doOnNext(e -> e.ack().subscribe());
        }
        return events;
    }

    private Mono<Void> stream(Connection c, String topic) {
        return streams.computeIfAbsent(topic, t -> Mono.<Void>fromRunnable(() -> {
                    try {
                        ensureStream(c.jetStreamManagement(), topic);
                    } catch (Exception e) {
                        throw new IllegalStateException("stream for " + topic + ": " + e.getMessage(), e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .cache(
                        v -> Duration.ofMillis(Long.MAX_VALUE),
                        e -> Duration.ZERO,
                        () -> Duration.ofMillis(Long.MAX_VALUE)));
    }

    private static void ensureStream(JetStreamManagement jsm, String topic)
            throws java.io.IOException, JetStreamApiException {
        String name = streamName(topic);
        try {
            jsm.getStreamInfo(name);
            return;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
        }
        StreamConfiguration config = StreamConfiguration.builder()
                .name(name)
                .subjects(subject(topic))
                .storageType(StorageType.File)
                .maxMessages(DEFAULT_MAX_MESSAGES)
                .maxAge(Duration.ofDays(DEFAULT_MAX_AGE_DAYS))
                .build();
        try {
            jsm.addStream(config);
        } catch (JetStreamApiException e) {
            // another client created it in between: fine as long as it exists now
            jsm.getStreamInfo(name);
        }
    }

    private static ConsumerContext consumer(Connection c, String topic, String durable, ConsumeOptions options)
            throws java.io.IOException, JetStreamApiException {
        StreamContext stream = c.getStreamContext(streamName(topic));
        try {
            stream.getConsumerInfo(durable);
            return stream.getConsumerContext(durable);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
                throw e;
            }
        }
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(subject(topic))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(options.ackWait())
                .maxDeliver(options.retryLimit() + 1L)
                .maxAckPending(options.bufferSize());
        Instant offset = options.offset();
        if (offset == null) {
            config.deliverPolicy(DeliverPolicy.New);
        } else if (offset.equals(Instant.EPOCH)) {
            config.deliverPolicy(DeliverPolicy.All);
        } else {
            config.deliverPolicy(DeliverPolicy.ByStartTime).startTime(offset.atZone(ZoneOffset.UTC));
        }
        if (options.group() == null) {
            config.inactiveThreshold(Duration.ofSeconds(PRIVATE_INACTIVE_SECONDS));
        }
        return stream.createOrUpdateConsumer(config.build());
    }

    private void deleteConsumer(Connection c, String topic, String durable) {
        Mono.fromRunnable(() -> {
                    try {
                        c.jetStreamManagement().deleteConsumer(streamName(topic), durable);
                    } catch (Exception e) {
                        log.debug("{}: deleting private consumer {} of {}: {}", ID, durable, topic, e.toString());
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe();
    }

    private static Event event(String topic, io.nats.client.Message m) {
        NatsJetStreamMetaData meta = m.metaData();
        Headers headers = m.getHeaders();
        String ts = headers == null ? null : headers.getFirst(TIMESTAMP_HEADER);
        Instant timestamp = ts != null ? Instant.parse(ts) : meta.timestamp().toInstant();
        return Event.of(
                Long.toString(meta.streamSequence()),
                topic,
                timestamp,
                NatsConnection.metadata(headers, Set.of(TIMESTAMP_HEADER)),
                m.getData() == null ? new byte[0] : m.getData(),
                (int) Math.min(Integer.MAX_VALUE, meta.deliveredCount()),
                new Event.Acknowledger() {
                    @Override
                    public Mono<Void> ack() {
                        // jnats queues the ack behind a lock that parks under contention: keep it off
                        // non-blocking threads, as publish does
                        return Mono.<Void>fromRunnable(m::ack).subscribeOn(Schedulers.boundedElastic());
                    }

                    @Override
                    public Mono<Void> nack() {
                        return Mono.<Void>fromRunnable(m::nak).subscribeOn(Schedulers.boundedElastic());
                    }
                });
    }

    @Override
    public String describe() {
        return "nats-jetstream";
    }

    /** Closes the connection (blocking); consumers end, their unacked events are redelivered after the ack wait. */
    @Override
    public void close() {
        nats.close();
    }
}
