package io.reactivemicro.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.reactivemicro.CallOptions;
import io.reactivemicro.Client;
import io.reactivemicro.MicroException;
import io.reactivemicro.gateway.GatewayBuilder.HostPort;
import io.reactivemicro.gateway.Routes.Route;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.JsonNode;

/**
 * The gateway: one Reactor Netty HTTP server whose handler resolves each path to a registered endpoint and
 * calls it through the service's client with the body as raw JSON bytes, so no Java type is needed here.
 */
final class DefaultGateway implements Gateway {

    private static final Logger log = LoggerFactory.getLogger(DefaultGateway.class);
    private static final String AUTHORIZATION = HttpHeaderNames.AUTHORIZATION.toString();
    private static final byte[] NO_BODY = new byte[0];

    private final String serviceName;
    private final Client client;
    private final HostPort bind;
    private final int maxBodyBytes;
    private final List<String> forwarded;
    private final @Nullable Cors cors;
    private final Routes routes;
    private final RouteMetrics metrics = new RouteMetrics();
    private final @Nullable Dashboard dashboard;
    private final AtomicReference<@Nullable DisposableServer> server = new AtomicReference<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean started;

    DefaultGateway(GatewayBuilder b, HostPort bind) {
        this.serviceName = b.service.name();
        this.client = b.service.client();
        this.bind = bind;
        this.maxBodyBytes = b.maxBodyBytes;
        List<String> headers = new ArrayList<>(b.forwardHeaders);
        if (headers.stream().noneMatch(AUTHORIZATION::equalsIgnoreCase)) {
            headers.add(AUTHORIZATION);
        }
        this.forwarded = List.copyOf(headers);
        this.cors = b.corsOrigins.isEmpty() ? null : new Cors(b.corsOrigins, forwarded);
        this.routes = new Routes(b.service.registry());
        this.dashboard = b.dashboard ? new Dashboard(b.service) : null;
    }

    @Override
    public Mono<Void> start() {
        return Mono.defer(() -> {
            if (started) {
                return Mono.error(new IllegalStateException("gateway was already started"));
            }
            started = true;
            HttpServer http = HttpServer.create()
                    .host(bind.host())
                    .port(bind.port())
                    .channelGroup(connections)
                    .handle(this::handle);
            return http.bind()
                    .onErrorMap(e -> MicroException.unavailable(
                            Json.ID, "cannot bind %s:%d: %s", bind.host(), bind.port(), e.getMessage()))
                    .doOnNext(s -> {
                        server.set(s);
                        log.info(
                                "gateway{} serving at {} for {}",
                                dashboard != null ? " and dashboard" : "",
                                s.address(),
                                serviceName);
                    })
                    .then();
        });
    }

    @Override
    public InetSocketAddress address() {
        DisposableServer s = server.get();
        if (s == null) {
            throw new IllegalStateException("gateway is not started");
        }
        return (InetSocketAddress) s.address();
    }

    @Override
    public Mono<Void> stop() {
        return Mono.defer(() -> {
            DisposableServer s = server.getAndSet(null);
            if (s == null) {
                return Mono.empty();
            }
            s.dispose();
            return s.onDispose()
                    .then(Mono.<Void>create(sink -> connections.close().addListener(f -> sink.success())));
        });
    }

    private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        long startedAt = System.nanoTime();
        String[] label = {RouteMetrics.OTHER};
        Cors c = cors;
        @Nullable Mono<Void> preflight = c == null ? null : c.apply(req, res);
        // A POST's body is read before anything answers: an answer sent before it leaves the rest of the body
        // on the keep-alive connection, ahead of the client's next request, and Reactor Netty 1.3.7 then left
        // that next request unanswered (the client pooled the connection and timed out on it later).
        Mono<Void> answer;
        if (preflight != null) {
            label[0] = "preflight";
            answer = preflight;
        } else if (req.method().equals(HttpMethod.POST)) {
            answer = Http.body(req, maxBodyBytes).flatMap(body -> dispatch(req, res, body, label));
        } else {
            answer = Mono.defer(() -> dispatch(req, res, NO_BODY, label));
        }
        return answer.onErrorResume(e -> res.hasSentHeaders() ? Mono.error(e) : answerError(res, e))
                .doFinally(s -> metrics.record(label[0], res.status().code(), System.nanoTime() - startedAt));
    }

    /**
     * The error's answer. A body over the limit was not read to its end, so that connection is closed after
     * the answer rather than kept for a next request that the rest of the body would precede.
     */
    private static Mono<Void> answerError(HttpServerResponse res, Throwable e) {
        MicroException me = MicroException.from(e);
        if (me.code() == 413) {
            res.keepAlive(false);
        }
        return Http.error(res, me);
    }

    /** {@code body}: the POST's body, read whole; empty for other methods. */
    private Mono<Void> dispatch(HttpServerRequest req, HttpServerResponse res, byte[] body, String[] label) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        switch (path) {
            case "/health" -> {
                label[0] = "health";
                return Http.json(res, Map.of("status", "ok", "service", serviceName));
            }
            case "/metrics" -> {
                label[0] = "metrics";
                return Http.json(res, metrics.snapshot());
            }
            case "/rpc" -> {
                return rpc(req, res, body, label);
            }
            default -> {}
        }
        if (dashboard != null) {
            Mono<Void> page = dashboard.serve(req, res, path, uri, body);
            if (page != null) {
                label[0] = "dashboard";
                return page;
            }
        }
        String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
        if ((parts.length != 2 && parts.length != 3) || List.of(parts).contains("")) {
            return Mono.error(MicroException.notFound(Json.ID, "no route %s %s", req.method(), path));
        }
        String api = parts.length == 3 ? parts[1] : null;
        String method = parts[parts.length - 1];
        return routes.resolve(parts[0], api, method).flatMap(route -> {
            label[0] = route.name();
            return serve(req, res, route, requestBody(req, uri, body), options(req));
        });
    }

    /** {@code POST /rpc} with {@code {"service":..,"endpoint":"Greeter.hello","request":{..}}}. */
    private Mono<Void> rpc(HttpServerRequest req, HttpServerResponse res, byte[] body, String[] label) {
        if (!req.method().equals(HttpMethod.POST)) {
            return Mono.error(notAllowed(req, "/rpc takes POST"));
        }
        return Mono.defer(() -> {
            JsonNode envelope = Json.read(body, "/rpc");
            String service = text(envelope, "service");
            String endpoint = text(envelope, "endpoint");
            int dot = endpoint.indexOf('.');
            JsonNode request = envelope.get("request");
            byte[] data = request == null || request.isNull() ? Http.EMPTY_OBJECT : Json.write(request);
            return routes.resolve(service, dot < 0 ? null : endpoint.substring(0, dot), endpoint.substring(dot + 1))
                    .flatMap(route -> {
                        label[0] = route.name();
                        return serve(req, res, route, Mono.just(data), options(req));
                    });
        });
    }

    private static String text(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw MicroException.badRequest(Json.ID, "/rpc: \"%s\" must be a non-empty string", field);
        }
        return value.asString();
    }

    /** A POST's body; for a GET (streams, from an {@code EventSource}) the {@code request} query parameter. */
    private Mono<byte[]> requestBody(HttpServerRequest req, QueryStringDecoder uri, byte[] body) {
        if (req.method().equals(HttpMethod.GET)) {
            List<String> request = uri.parameters().get("request");
            byte[] data = request == null || request.isEmpty()
                    ? Http.EMPTY_OBJECT
                    : request.get(0).getBytes(StandardCharsets.UTF_8);
            return data.length > maxBodyBytes
                    ? Mono.error(MicroException.payloadTooLarge(
                            Json.ID,
                            "request parameter of %d bytes is over the limit of %d",
                            data.length,
                            maxBodyBytes))
                    : Mono.just(data);
        }
        return Mono.just(body);
    }

    /** The allow-listed request headers (and {@code Authorization}) as call headers. */
    private CallOptions options(HttpServerRequest req) {
        CallOptions.Builder options = CallOptions.builder();
        for (String name : forwarded) {
            String value = req.requestHeaders().get(name);
            if (value != null) {
                options.header(name, value);
            }
        }
        return options.build();
    }

    private Mono<Void> serve(
            HttpServerRequest req, HttpServerResponse res, Route route, Mono<byte[]> body, CallOptions options) {
        String endpoint = route.endpoint().name();
        boolean upgrade = req.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        String shape = route.endpoint().stream();
        if ("bidi".equals(shape)) {
            if (!upgrade) {
                return Mono.error(MicroException.badRequest(
                        Json.ID, "%s is bidirectional: open a WebSocket on this path", endpoint));
            }
            return websocket(res, route, options);
        }
        if (upgrade) {
            return Mono.error(MicroException.badRequest(
                    Json.ID, "%s is not bidirectional: call it with POST, without a WebSocket", endpoint));
        }
        if ("server".equals(shape)) {
            if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.POST)) {
                return Mono.error(notAllowed(req, endpoint + " takes POST, or GET with ?request="));
            }
            StreamFormat format = StreamFormat.forAccept(req.requestHeaders().get(HttpHeaderNames.ACCEPT));
            return stream(
                    res,
                    format,
                    body.flatMapMany(data -> client.stream(route.service(), endpoint, data, byte[].class, options)));
        }
        if (!req.method().equals(HttpMethod.POST)) {
            return Mono.error(notAllowed(req, endpoint + " takes POST"));
        }
        return body.flatMap(data -> client.call(route.service(), endpoint, data, byte[].class, options))
                .filter(reply -> reply.length > 0)
                .defaultIfEmpty(Http.EMPTY_OBJECT)
                .flatMap(reply -> Http.json(res, HttpResponseStatus.OK, reply));
    }

    private static MicroException notAllowed(HttpServerRequest req, String detail) {
        return MicroException.of(405, Json.ID, req.method() + " " + req.path() + ": " + detail, "Method Not Allowed");
    }

    /**
     * Answers a stream. The status waits for the first reply, so an error before any reply (unknown endpoint,
     * bad request) still answers with its own status; one after it arrives as the format's error frame.
     * Cancelling (the client went away) cancels the call, which cancels the handler.
     */
    private static Mono<Void> stream(HttpServerResponse res, StreamFormat format, Flux<byte[]> replies) {
        return replies.switchOnFirst((first, all) -> {
                    if (first.isOnError()) {
                        return all.then();
                    }
                    Flux<byte[]> frames = all.map(format::item)
                            .concatWith(Mono.fromSupplier(format::end))
                            .onErrorResume(e -> Mono.just(format.error(MicroException.from(e))));
                    return res.status(HttpResponseStatus.OK)
                            .header(HttpHeaderNames.CONTENT_TYPE, format.contentType)
                            .header(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                            .sendByteArray(frames)
                            .then();
                })
                .then();
    }

    /**
     * A bidirectional endpoint over a WebSocket: each text (or binary) frame is one request message, each
     * reply one text frame. The call ends normally with close code 1000; an error closes with 4000 + its code
     * (e.g. 4404) and its detail as the reason. A frame over the body limit closes the socket with 1009.
     */
    private Mono<Void> websocket(HttpServerResponse res, Route route, CallOptions options) {
        return res.sendWebsocket(
                (in, out) -> {
                    Flux<byte[]> requests = in.receive().asByteArray();
                    Flux<byte[]> replies =
                            client.channel(route.service(), route.endpoint().name(), requests, byte[].class, options);
                    return out.sendObject(replies.map(data -> new TextWebSocketFrame(Unpooled.wrappedBuffer(data))))
                            .then()
                            .onErrorResume(e -> {
                                MicroException me = MicroException.from(e);
                                return out.sendClose(4000 + Http.status(me).code(), closeReason(me.detail()));
                            });
                },
                WebsocketServerSpec.builder()
                        .maxFramePayloadLength(maxBodyBytes)
                        .build());
    }

    /** A close reason fits in 123 bytes of UTF-8. */
    private static String closeReason(String detail) {
        String reason = detail;
        while (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return reason;
    }
}
