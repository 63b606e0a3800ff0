package io.reactivemicro.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.broker.SubscriberBuffer;
import io.reactivemicro.broker.Topics;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Redis pub/sub ({@code PUBLISH} / {@code SUBSCRIBE}); a topic is a channel. Headers and body travel in one
 * binary envelope (see {@code RedisSupport.encode}); a payload without it is delivered as a body with no
 * headers.
 *
 * <p><b>No queue groups.</b> Redis pub/sub delivers every message to every subscriber of the channel and has
 * nothing like a queue group, so {@link #subscribe} refuses a queue group with a 400 rather than deliver each
 * message to every member. For work shared between members use {@link RedisEvents} (Redis Streams consumer
 * groups) or another broker.
 *
 * <p>At-most-once: a subscriber that is not connected misses messages; a publish to a channel without
 * subscribers completes and is dropped. Order is kept per publishing connection. Publishes share one
 * connection; each subscription has its own pub/sub connection, closed when it is cancelled.
 */
public final class RedisBroker implements Broker, AutoCloseable {

    private static final String ID = "broker-redis";

    private final RedisURI uri;
    private final RedisClient client;
    private final Mono<StatefulRedisConnection<String, byte[]>> connection;

    private RedisBroker(String address) {
        this.uri = RedisSupport.uri(address);
        this.client = RedisSupport.client(uri);
        this.connection = Mono.fromCompletionStage(() -> client.connectAsync(RedisSupport.CODEC, uri))
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e))
                .cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * A broker for the Redis at {@code address} ({@code redis://host:port} or {@code host:port}; empty means
     * {@value RedisSupport#DEFAULT_ADDRESS}). Connects on first use.
     */
    public static RedisBroker create(String address) {
        return new RedisBroker(Objects.requireNonNull(address, "address"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Completes when Redis has answered the {@code PUBLISH} (the answer counts the receivers, 0 included).
     */
    @Override
    public Mono<Void> publish(String topic, Message message) {
        Topics.check(ID, topic);
        Objects.requireNonNull(message, "message");
        return connection
                .flatMap(c -> c.reactive().publish(topic, RedisSupport.encode(message.headers(), message.body())))
                .then()
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e));
    }

    /**
     * {@inheritDoc}
     *
     * @throws MicroException 400, at the call, for a queue group: Redis pub/sub has none
     */
    @Override
    public Flux<Message> subscribe(String topic, SubscribeOptions options) {
        Topics.check(ID, topic);
        Objects.requireNonNull(options, "options");
        if (options.queue() != null) {
            throw MicroException.badRequest(
                    ID,
                    "queue group '%s' on %s: Redis pub/sub has no queue groups (every subscriber gets every message);"
                            + " use MICRO_EVENTS=redis (Streams consumer groups) or another broker",
                    options.queue(),
                    topic);
        }
        Flux<Message> source = Flux.usingWhen(
                        Mono.fromCompletionStage(() -> client.connectPubSubAsync(RedisSupport.CODEC, uri)),
                        (StatefulRedisPubSubConnection<String, byte[]> c) -> {
                            var rx = c.reactive();
                            return rx.observeChannels()
                                    .filter(m -> topic.equals(m.getChannel()))
                                    .map(m -> RedisSupport.decode(m.getMessage()))
                                    .mergeWith(rx.subscribe(topic).then(Mono.empty()));
                        },
                        c -> Mono.fromCompletionStage(c.closeAsync()))
                .onErrorMap(e -> RedisSupport.unavailable(ID, uri, e));
        return SubscriberBuffer.bound(source, ID, topic, options);
    }

    @Override
    public String describe() {
        return "redis";
    }

    /** Closes every connection and the client's threads (blocking). */
    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
