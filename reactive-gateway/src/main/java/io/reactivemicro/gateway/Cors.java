package io.reactivemicro.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Cross-origin requests, answered inside the gateway's Reactor Netty handler. Netty's {@code CorsHandler} sat
 * in the pipeline ahead of Reactor Netty's HTTP handler and answered preflights itself, so Reactor Netty never
 * counted those exchanges and left the next request on that keep-alive connection unanswered.
 */
final class Cors {

    private static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    private static final int MAX_AGE_SECONDS = 600;

    private final boolean anyOrigin;
    private final Set<String> origins;
    private final String allowedHeaders;

    /** {@code origins}: the allowed origins, {@code "*"} for any; {@code forwarded}: headers a call may send. */
    Cors(List<String> origins, List<String> forwarded) {
        this.anyOrigin = origins.contains("*");
        this.origins = Set.copyOf(origins);
        List<String> headers = new ArrayList<>(List.of("Content-Type", "Accept"));
        headers.addAll(forwarded);
        this.allowedHeaders = String.join(", ", headers);
    }

    /**
     * The preflight's answer when {@code req} is one ({@code OPTIONS} with {@code Origin} and {@code
     * Access-Control-Request-Method}), else {@code null} after adding the CORS headers an allowed origin's
     * answer carries. A preflight from an origin not allowed is answered 403 with no CORS header.
     */
    @Nullable
    Mono<Void> apply(HttpServerRequest req, HttpServerResponse res) {
        String origin = req.requestHeaders().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return null;
        }
        boolean allowed = anyOrigin || origins.contains(origin);
        if (allowed) {
            res.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin);
            if (!anyOrigin) {
                res.header(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            }
        }
        if (!req.method().equals(HttpMethod.OPTIONS)
                || !req.requestHeaders().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            return null;
        }
        if (allowed) {
            res.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders)
                    .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
        } else {
            res.status(HttpResponseStatus.FORBIDDEN);
        }
        // a preflight's body, if any, is read before the answer, so the connection stays in step
        return req.receive()
                .then(res.header(HttpHeaderNames.CONTENT_LENGTH, "0").send().then());
    }
}
