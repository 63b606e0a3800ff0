package io.reactivemicro.gateway;

import io.reactivemicro.Service;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * An HTTP server in front of the services of a registry: {@code POST /{service}/{Interface}/{method}} with a
 * JSON body calls that endpoint and answers its JSON reply; server-streaming endpoints answer as Server-Sent
 * Events or NDJSON, bidirectional ones over a WebSocket on the same path. Calls go through {@code
 * service.client()} (its interceptors, deadlines, retries and node selection) and routes are resolved from
 * {@code service.registry()}, the client's cache, so a request costs no registry round trip once its service
 * is known. Errors answer with the {@code MicroException}'s code as the HTTP status and its JSON as the body.
 *
 * <p>With {@link Builder#dashboard(boolean)} the same server also serves the web dashboard at {@code /} and
 * its {@code /api/...} routes. The dashboard is meant to run as its own instance on its own port ({@code
 * micro web} on :8082 beside {@code micro api} on :8080), so the public API never exposes the registry.
 */
public interface Gateway {

    /** A gateway calling and discovering through {@code service}; start the service before the gateway. */
    static Builder builder(Service service) {
        return new GatewayBuilder(Objects.requireNonNull(service, "service"));
    }

    /**
     * Binds the HTTP server. Lazy; completes once the port is bound. Fails with a 503 {@code MicroException}
     * when the address cannot be bound; starting twice is an {@link IllegalStateException}.
     */
    Mono<Void> start();

    /** The bound address; {@link IllegalStateException} before {@link #start()} completed. */
    InetSocketAddress address();

    /**
     * Stops accepting connections and closes the open ones (their calls are cancelled). Lazy; completes when
     * the server is closed. Stopping a stopped or never-started gateway completes at once. Does not stop the
     * service.
     */
    Mono<Void> stop();

    /** Builds a {@link Gateway}; every setting has a default, stated on its method. Not thread-safe. */
    interface Builder {

        /**
         * Where to listen, {@code host:port} ({@code 0} picks a free port). By default {@code MICRO_API_ADDRESS}
         * ({@code -Dmicro.api.address}), else {@code 127.0.0.1:8080}.
         */
        Builder address(String hostPort);

        /** Serves the web dashboard at {@code /} and its {@code /api/...} routes. By default off. */
        Builder dashboard(boolean on);

        /**
         * Origins allowed to call from a browser on another origin (CORS, preflight included); {@code "*"}
         * allows any. By default none: cross-origin browser calls are refused by the browser.
         */
        Builder corsOrigins(List<String> origins);

        /** The largest request body (and WebSocket frame) accepted; larger ones answer 413. By default 1 MiB. */
        Builder maxBodyBytes(int bytes);

        /**
         * HTTP request headers passed to the service as call headers (case-insensitive names). By default none;
         * {@code Authorization} is always forwarded.
         */
        Builder forwardHeaders(List<String> allowList);

        /** Resolves the defaults and builds the gateway; nothing is bound until {@link Gateway#start()}. */
        Gateway build();
    }
}
