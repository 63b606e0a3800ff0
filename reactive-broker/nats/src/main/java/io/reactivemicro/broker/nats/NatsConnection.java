package io.reactivemicro.broker.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One lazily opened NATS connection: dialled on first use (on a bounded-elastic thread, since jnats connects
 * blocking), at most {@value #CONNECT_TIMEOUT_SECONDS} s per attempt; a failed attempt fails that call with 503
 * and the next call dials again. Once connected, jnats reconnects by itself for ever, keeping subscriptions.
 */
final class NatsConnection implements AutoCloseable {

    /** The address used when none is given. */
    static final String DEFAULT_ADDRESS = "nats://127.0.0.1:4222";

    static final int CONNECT_TIMEOUT_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(NatsConnection.class);

    private final String id;
    private final String[] servers;
    private final Mono<Connection> connection;
    private volatile @Nullable Connection opened;

    NatsConnection(String id, String address) {
        this.id = id;
        this.servers = servers(address);
        Options options = Options.builder()
                .servers(servers)
                .connectionName("reactive-micro " + id)
                .connectionTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
                .maxReconnects(-1)
                .build();
        this.connection = Mono.fromCallable(() -> {
                    Connection c = Nats.connect(options);
                    opened = c;
                    log.debug("{}: connected to {}", id, c.getConnectedUrl());
                    return c;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(this::unavailable)
                .cache(c -> Duration.ofMillis(Long.MAX_VALUE), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** {@code nats://host:port}, comma-separated; a bare {@code host:port} gets the scheme. */
    static String[] servers(String address) {
        String a = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
        return Arrays.stream(a.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.contains("://") ? s : "nats://" + s)
                .toArray(String[]::new);
    }

    Mono<Connection> get() {
        return connection;
    }

    String address() {
        return String.join(",", servers);
    }

    /** 503 naming the server, unless {@code e} is already a {@link MicroException}. */
    Throwable unavailable(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        return MicroException.unavailable(id, "NATS at %s: %s", address(), e.toString());
    }

    static Headers headers(Metadata metadata) {
        Headers h = new Headers();
        metadata.asMap().forEach((k, v) -> h.put(k, v));
        return h;
    }

    static Metadata metadata(@Nullable Headers headers, Set<String> skip) {
        if (headers == null || headers.isEmpty()) {
            return Metadata.empty();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : headers.keySet()) {
            String v = headers.getFirst(key);
            if (v != null && !skip.contains(key)) {
                map.put(key, v);
            }
        }
        return Metadata.of(map);
    }

    @Override
    public void close() {
        Connection c = opened;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
