package io.reactivemicro.broker.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reactivemicro.Metadata;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.Topics;
import io.reactivemicro.events.ConsumeOptions;
import io.reactivemicro.events.Event;
import io.reactivemicro.events.Events;
import io.reactivemicro.events.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Durable event streams on Redis Streams.
 *
 * <ul>
 *   <li>A topic is the stream {@code micro:events:<topic>}; {@code XADD} appends with approximate trimming to
 *       {@value #DEFAULT_MAX_LEN} entries. An entry's fields are {@code b} (payload), {@code t} (the timestamp
 *       given in {@link PublishOptions}, epoch millis; otherwise the entry id's time) and {@code h.<name>} per
 *       header. The event id is the entry id ({@code 1700000000000-0}).
 *   <li>A group is a Redis consumer group ({@code XGROUP CREATE ... MKSTREAM}) created at the requested offset
 *       ({@code $} for new events, {@code 0} for all, the id of a time otherwise, compared with the entry ids'
 *       server time); an existing group keeps its position. Each consumer is a Redis consumer with a random name
 *       reading with {@code XREADGROUP ... >} on a connection of its own, only as much as its subscriber
 *       requested and at most {@code bufferSize} unacknowledged. A consumer without a group gets a private group,
 *       destroyed when it is cancelled (one left by a killed process stays until deleted by hand).
 *   <li>Ack is {@code XACK}. Redis has no nack: {@link Event#nack()} marks the entry idle ({@code XCLAIM ... IDLE
 *       JUSTID}) so the next reclaim takes it. Redelivery is reclaim: every consumer runs {@code XAUTOCLAIM} for
 *       entries pending longer than the ack wait, every {@code ackWait / 2} (100 ms to {@value
 *       #MAX_RECLAIM_MILLIS} ms), and delivers what it claims; an entry claimed more than {@code retryLimit}
 *       times is acknowledged and logged instead (given up).
 * </ul>
 */
public final class RedisEvents implements Events, AutoCloseable {

    static final String KEY_PREFIX = "micro:events:";
    static final long DEFAULT_MAX_LEN = 1_000_000;
    static final long MAX_RECLAIM_MILLIS = 1000;

    private static final String ID = "events-redis";
    private static final String BODY = "b";
    private static final String TIME = "t";
    private static final String HEADER = "h.";
    private static final int MAX_BATCH = 128;
    private static final Logger log = LoggerFactory.getLogger(RedisEvents.class);

    private final RedisURI uri;
    private final RedisClient client;
    private final Mono<StatefulRedisConnection<String, byte[]>> connection;

    private RedisEvents(String address) {
        this.uri = RedisSupport.uri(address);
        this.client = RedisSupport.client(uri);
        this.connection =
                connect().cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Redis Streams at {@code address} (as {@link RedisBroker#create(String)}); connects on first use. */
    public static RedisEvents create(String address) {
        return new RedisEvents(Objects.requireNonNull(address, "address"));
    }

    static String key(String topic) {
        return KEY_PREFIX + topic;
    }

    private Mono<StatefulRedisConnection<String, byte[]>> connect() {
        return Mono.fromCompletionStage(() -> client.connectAsync(RedisSupport.CODEC, uri))
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes with the {@code XADD} reply, once Redis holds the entry (its persistence settings decide
     * whether that survives a Redis restart).
     */
    @Override
    public Mono<Void> publish(String topic, Message message, PublishOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put(BODY, message.body());
        if (options.timestamp() != null) {
            fields.put(TIME, Long.toString(options.timestamp().toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        }
        message.headers().asMap().forEach((k, v) -> fields.put(HEADER + k, v.getBytes(StandardCharsets.UTF_8)));
        XAddArgs args = XAddArgs.Builder.maxlen(DEFAULT_MAX_LEN).approximateTrimming();
        return connection
                .flatMap(c -> c.reactive().xadd(key(topic), args, fields))
                .then()
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e));
    }

    @Override
    public Flux<Event> consume(String topic, ConsumeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        String group = options.group() != null
                ? options.group()
                : "private-" + UUID.randomUUID().toString().replace("-", "");
        return connection
                .flatMap(c -> createGroup(c.reactive(), topic, group, options.offset())
                        .thenReturn(c))
                .flatMapMany(shared -> Flux.usingWhen(
                        connect(),
                        own -> Flux.<Event>create(sink -> {
                            Reader reader = new Reader(topic, group, options, shared.reactive(), own.reactive(), sink);
                            sink.onRequest(n -> reader.pump());
                            sink.onDispose(reader::dispose);
                        }),
                        own -> {
                            Mono<Void> close = Mono.fromCompletionStage(own.closeAsync());
                            return options.group() == null
                                    ? shared.reactive()
                                            .xgroupDestroy(key(topic), group)
                                            .onErrorResume(e -> Mono.empty())
                                            .then(close)
                                    : close;
                        }))
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e));
    }

    private static Mono<Void> createGroup(
            RedisReactiveCommands<String, byte[]> redis, String topic, String group, @Nullable Instant offset) {
        String from;
        if (offset == null) {
            from = "$";
        } else if (offset.toEpochMilli() <= 0) {
            from = "0";
        } else {
            // the last id before the offset's millisecond: entries from that millisecond on are delivered
            from = (offset.toEpochMilli() - 1) + "-18446744073709551615";
        }
        return redis.xgroupCreate(
                        XReadArgs.StreamOffset.from(key(topic), from), group, XGroupCreateArgs.Builder.mkstream())
                .then()
                .onErrorResume(RedisBusyException.class, e -> Mono.empty()); // BUSYGROUP: it exists, keep its position
    }

    /**
     * One consumer: reads only while its subscriber has demand and fewer than {@code bufferSize} events are
     * unacknowledged, one Redis command at a time; reclaims idle entries between reads.
     */
    private final class Reader {
        final String topic;
        final String key;
        final String group;
        final Consumer<String> consumer;
        final ConsumeOptions options;
        final RedisReactiveCommands<String, byte[]> shared;
        final RedisReactiveCommands<String, byte[]> own;
        final FluxSink<Event> sink;
        final long reclaimEveryNanos;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long lastReclaim = System.nanoTime();
        volatile @Nullable Disposable current;

        Reader(
                String topic,
                String group,
                ConsumeOptions options,
                RedisReactiveCommands<String, byte[]> shared,
                RedisReactiveCommands<String, byte[]> own,
                FluxSink<Event> sink) {
            this.topic = topic;
            this.key = key(topic);
            this.group = group;
            this.consumer = Consumer.from(
                    group,
                    "c-"
                            + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current()
                                    .nextLong()));
            this.options = options;
            this.shared = shared;
            this.own = own;
            this.sink = sink;
            long half = options.ackWait().toMillis() / 2;
            this.reclaimEveryNanos = Duration.ofMillis(Math.max(100, Math.min(MAX_RECLAIM_MILLIS, half)))
                    .toNanos();
        }

        void pump() {
            if (sink.isCancelled() || !busy.compareAndSet(false, true)) {
                return;
            }
            long want = Math.min(
                    Math.min(sink.requestedFromDownstream(), MAX_BATCH), options.bufferSize() - (long) inFlight.get());
            if (want <= 0) {
                busy.set(false);
                return;
            }
            boolean reclaim = System.nanoTime() - lastReclaim >= reclaimEveryNanos;
            Mono<List<Event>> step = reclaim ? reclaim(want) : read(want);
            current = step.subscribe(
                    events -> {
                        events.forEach(this::emit);
                        busy.set(false);
                        pump();
                    },
                    e -> {
                        busy.set(false);
                        sink.error(RedisSupport.unavailable(ID, uri, e));
                    });
        }

        Mono<List<Event>> read(long count) {
            long block = Math.max(1, Duration.ofNanos(reclaimEveryNanos).toMillis());
            return own.xreadgroup(
                            consumer,
                            XReadArgs.Builder.count(count).block(block),
                            XReadArgs.StreamOffset.lastConsumed(key))
                    .map(m -> event(m, 1))
                    .collectList();
        }

        Mono<List<Event>> reclaim(long count) {
            lastReclaim = System.nanoTime();
            return own.xautoclaim(
                            key,
                            XAutoClaimArgs.Builder.xautoclaim(consumer, options.ackWait(), "0-0")
                                    .count(count))
                    .flatMapMany(claimed -> Flux.fromIterable(claimed.getMessages()))
                    .concatMap(m -> shared.xpending(key, group, Range.create(m.getId(), m.getId()), Limit.from(1))
                            .next()
                            .map(p -> (int) Math.min(Integer.MAX_VALUE, p.getRedeliveryCount()))
                            .defaultIfEmpty(2)
                            .flatMap(deliveries -> {
                                if (deliveries > options.retryLimit() + 1) {
                                    log.warn(
                                            "{}: giving up on {} {} for group {} after {} deliveries",
                                            ID,
                                            topic,
                                            m.getId(),
                                            group,
                                            deliveries - 1);
                                    return shared.xack(key, group, m.getId()).then(Mono.<Event>empty());
                                }
                                return Mono.just(event(m, deliveries));
                            }))
                    .collectList();
        }

        void emit(Event event) {
            if (options.autoAck()) {
                sink.next(event);
                event.ack().subscribe(v -> {}, e -> log.warn("{}: auto-ack of {} failed: {}", ID, event, e.toString()));
            } else {
                inFlight.incrementAndGet();
                sink.next(event);
            }
        }

        Event event(StreamMessage<String, byte[]> m, int deliveries) {
            Map<String, byte[]> body = m.getBody();
            byte[] payload = body.getOrDefault(BODY, new byte[0]);
            byte[] t = body.get(TIME);
            Instant timestamp = t != null
                    ? Instant.ofEpochMilli(Long.parseLong(new String(t, StandardCharsets.UTF_8)))
                    : Instant.ofEpochMilli(
                            Long.parseLong(m.getId().substring(0, m.getId().indexOf('-'))));
            Map<String, String> headers = new LinkedHashMap<>();
            body.forEach((k, v) -> {
                if (k.startsWith(HEADER)) {
                    headers.put(k.substring(HEADER.length()), new String(v, StandardCharsets.UTF_8));
                }
            });
            String id = m.getId();
            boolean counted = !options.autoAck();
            return Event.of(id, topic, timestamp, Metadata.of(headers), payload, deliveries, new Event.Acknowledger() {
                @Override
                public Mono<Void> ack() {
                    return shared.xack(key, group, id).then().doFinally(s -> settled(counted));
                }

                @Override
                public Mono<Void> nack() {
                    // Redis has no nack: make the entry look idle for longer than the ack wait, so that the next
                    // XAUTOCLAIM of any consumer of the group takes it (JUSTID leaves the delivery count alone).
                    return shared.xclaim(
                                    key,
                                    consumer,
                                    XClaimArgs.Builder.justid()
                                            .idle(options.ackWait().plusSeconds(1)),
                                    id)
                            .then()
                            .doFinally(s -> {
                                lastReclaim = 0;
                                settled(counted);
                            });
                }
            });
        }

        void settled(boolean counted) {
            if (counted) {
                inFlight.decrementAndGet();
            }
            pump();
        }

        void dispose() {
            Disposable d = current;
            if (d != null) {
                d.dispose();
            }
        }
    }

    @Override
    public String describe() {
        return "redis-streams";
    }

    /** Closes every connection and the client's threads (blocking). */
    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
