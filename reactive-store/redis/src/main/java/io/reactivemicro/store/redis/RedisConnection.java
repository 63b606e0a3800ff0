package io.reactivemicro.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * One Lettuce client and one lazily opened, shared connection (Lettuce pipelines every command on it). A failed
 * connect is not cached: the next command tries again. Each command times out after {@link #COMMAND_TIMEOUT}.
 */
final class RedisConnection {

    static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    final String address;
    final String id;
    private final RedisClient client;
    private final RedisURI uri;
    private final Mono<StatefulRedisConnection<byte[], byte[]>> connection;

    RedisConnection(String address, String id) {
        this.address = address.isBlank() ? DEFAULT_ADDRESS : address.contains("://") ? address : "redis://" + address;
        this.id = id;
        this.uri = RedisURI.create(this.address);
        this.uri.setTimeout(COMMAND_TIMEOUT);
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(io.lettuce.core.SocketOptions.builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .build())
                .build());
        this.connection = Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(ByteArrayCodec.INSTANCE, uri)))
                .cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    Mono<RedisReactiveCommands<byte[], byte[]>> commands() {
        return connection.map(StatefulRedisConnection::reactive);
    }

    /** Redis and Lettuce failures as {@link MicroException}s: 503 when Redis cannot be reached, else 500. */
    Throwable map(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        Throwable cause =
                e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
        if (cause instanceof RedisConnectionException
                || cause instanceof io.lettuce.core.RedisCommandTimeoutException
                || cause instanceof TimeoutException
                || cause instanceof java.io.IOException) {
            return MicroException.unavailable(id, "redis %s unreachable: %s", address, cause.getMessage());
        }
        return MicroException.internal(id, "redis %s: %s", address, cause);
    }

    Mono<Void> close() {
        return Mono.fromCompletionStage(() -> client.shutdownAsync(0, 2, java.util.concurrent.TimeUnit.SECONDS))
                .then();
    }
}
