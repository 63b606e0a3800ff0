package io.reactivemicro.cli;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The sidecar's RPC side: a request for endpoint {@code E} becomes {@code POST http://app/E} with the body and
 * the caller's headers; a 2xx reply's body is the RPC reply, any other status a {@link MicroException} with that
 * code (the detail from a JSON {@code {"detail": ...}} body, else the body text). {@code Debug.health} is answered
 * by the sidecar itself. Request-response and fire-and-forget only: streams and channels fail with 400.
 */
final class AppProxy implements RequestHandler {

    private static final byte[] EMPTY = new byte[0];
    /** The longest detail taken from an application's error body. */
    private static final int MAX_DETAIL = 1024;

    private final String name;
    private final String appBase;
    private final Set<String> endpoints;
    private final Duration timeout;
    private final HttpClient http;
    private final Supplier<byte[]> health;

    AppProxy(
            String name,
            String appAddress,
            Set<String> endpoints,
            Duration timeout,
            HttpClient http,
            Supplier<byte[]> health) {
        this.name = name;
        this.appBase = "http://" + appAddress;
        this.endpoints = Set.copyOf(endpoints);
        this.timeout = timeout;
        this.http = http;
        this.health = health;
    }

    @Override
    public Mono<byte[]> requestResponse(Request request) {
        if (request.endpoint().equals("Debug.health")) {
            return Mono.fromSupplier(health);
        }
        if (!endpoints.contains(request.endpoint())) {
            return Mono.error(MicroException.notFound(name, "unknown endpoint %s", request.endpoint()));
        }
        return post(request);
    }

    @Override
    public Flux<byte[]> requestStream(Request request) {
        return Flux.error(onlyRequestResponse(request));
    }

    @Override
    public Flux<byte[]> requestChannel(Request first, Flux<byte[]> rest) {
        return Flux.error(onlyRequestResponse(first));
    }

    @Override
    public Mono<Void> fireAndForget(Request request) {
        return endpoints.contains(request.endpoint()) ? post(request).then() : Mono.empty();
    }

    private MicroException onlyRequestResponse(Request request) {
        return MicroException.badRequest(
                name, "%s: a sidecar's endpoints are request-response only", request.endpoint());
    }

    private Mono<byte[]> post(Request request) {
        String contentType = request.contentType() != null ? request.contentType() : "application/json";
        return http.headers(h -> {
                    request.headers().asMap().forEach(h::set);
                    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    // A length rather than chunks: simple servers (Python's http.server) read no chunked bodies.
                    h.set(HttpHeaderNames.CONTENT_LENGTH, request.data().length);
                })
                .post()
                .uri(appBase + "/" + request.endpoint())
                .send(ByteBufFlux.fromInbound(Mono.just(request.data())))
                .responseSingle((response, body) -> body.asByteArray()
                        .defaultIfEmpty(EMPTY)
                        .flatMap(bytes -> reply(request, response.status().code(), bytes)))
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof MicroException),
                        e -> e instanceof TimeoutException
                                ? MicroException.timeout(
                                        name,
                                        "%s: the application did not answer within %s",
                                        request.endpoint(),
                                        timeout)
                                : MicroException.unavailable(
                                        name,
                                        "%s: the application at %s cannot be reached: %s",
                                        request.endpoint(),
                                        appBase,
                                        e.toString()));
    }

    private Mono<byte[]> reply(Request request, int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return body.length == 0 ? Mono.empty() : Mono.just(body);
        }
        return Mono.error(MicroException.of(status, name, request.endpoint() + ": " + detail(status, body)));
    }

    private static String detail(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = Output.JSON.readTree(text);
            if (json.hasNonNull("detail")) {
                text = json.get("detail").asString();
            }
        } catch (JacksonException e) {
            // Not JSON: the text itself is the detail.
        }
        if (text.isEmpty()) {
            return "HTTP " + status;
        }
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
    }
}
