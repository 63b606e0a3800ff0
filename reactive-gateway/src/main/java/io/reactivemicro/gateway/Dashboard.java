package io.reactivemicro.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.reactivemicro.CallOptions;
import io.reactivemicro.Client;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.WatchOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The web dashboard: its static page (read from the jar once, at build time) and the JSON routes it uses
 * besides the gateway's own call routes: the registry (list, one service, a live watch as Server-Sent Events),
 * publishing to a topic, and one node's {@code Debug.health}.
 */
final class Dashboard {

    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private record Asset(String contentType, byte[] body) {}

    private final Registry registry;
    private final Client client;
    private final Map<String, Asset> assets;

    Dashboard(Service service) {
        this.registry = service.registry();
        this.client = service.client();
        this.assets = Map.of(
                "/", asset("index.html", "text/html; charset=utf-8"),
                "/static/app.js", asset("app.js", "text/javascript; charset=utf-8"),
                "/static/style.css", asset("style.css", "text/css; charset=utf-8"));
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the jar: " + name);
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer to a dashboard path, or {@code null} when {@code path} is not one (an API route, then). */
    @Nullable
    Mono<Void> serve(HttpServerRequest req, HttpServerResponse res, String path, QueryStringDecoder uri, byte[] body) {
        Asset asset = assets.get(path);
        if (asset != null) {
            return res.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                    .header(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                    .sendByteArray(Mono.just(asset.body()))
                    .then();
        }
        if (path.equals("/api/registry/services")) {
            return registry.listServices().flatMap(list -> Http.json(res, list));
        }
        if (path.equals("/api/registry/watch")) {
            return watch(res);
        }
        if (path.startsWith("/api/registry/services/")) {
            String name = path.substring("/api/registry/services/".length());
            return registry.getService(name)
                    .flatMap(records -> records.isEmpty()
                            ? Mono.error(MicroException.notFound(Json.ID, "service %s not found", name))
                            : Http.json(res, records));
        }
        if (path.startsWith("/api/publish/") && req.method().equals(HttpMethod.POST)) {
            String topic = path.substring("/api/publish/".length());
            return Mono.fromCallable(() -> Json.read(body, "publish to " + topic))
                    .flatMap(message -> client.publish(topic, message))
                    .then(Mono.defer(
                            () -> Http.json(res, HttpResponseStatus.ACCEPTED, Json.write(Map.of("topic", topic)))));
        }
        if (path.startsWith("/api/health/")) {
            return health(
                    res,
                    path.substring("/api/health/".length()),
                    uri.parameters().get("node"));
        }
        return null;
    }

    /**
     * Every registry change as an SSE event {@code {"type":"CREATE","service":{...}}}, with a comment line as
     * heartbeat every 15 s. A watch that fails (e.g. this client fell 1,024 events behind) ends the response
     * with an {@code error} event; the browser's {@code EventSource} then reconnects and the page reloads.
     */
    private Mono<Void> watch(HttpServerResponse res) {
        byte[] done = new byte[0];
        Flux<byte[]> events = registry.watch(WatchOptions.all())
                .map(event -> StreamFormat.event(null, Json.write(event)))
                .onErrorResume(e -> Mono.just(StreamFormat.SSE.error(MicroException.from(e))))
                .concatWith(Mono.just(done));
        Flux<byte[]> heartbeat = Flux.interval(HEARTBEAT).map(i -> ":\n\n".getBytes(StandardCharsets.US_ASCII));
        return res.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, Http.SSE)
                .header(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .sendByteArray(Flux.merge(events, heartbeat)
                        .takeWhile(frame -> frame != done)
                        .startWith(": watching\n\n".getBytes(StandardCharsets.US_ASCII)))
                .then();
    }

    /** {@code Debug.health} of one node, called at its address; the node must be one the registry lists. */
    private Mono<Void> health(HttpServerResponse res, String service, @Nullable List<String> node) {
        if (node == null || node.isEmpty()) {
            return Mono.error(
                    MicroException.badRequest(Json.ID, "health of %s: the node parameter is missing", service));
        }
        String address = node.get(0);
        return registry.getService(service).flatMap(records -> {
            boolean listed = records.stream().flatMap(r -> r.nodes().stream()).anyMatch(n -> n.address()
                    .equals(address));
            if (!listed) {
                return Mono.error(MicroException.notFound(Json.ID, "service %s has no node at %s", service, address));
            }
            CallOptions options = CallOptions.builder()
                    .address(address)
                    .timeout(HEALTH_TIMEOUT)
                    .retries(0)
                    .build();
            return client.call(service, "Debug.health", new byte[0], byte[].class, options)
                    .flatMap(reply -> Http.json(res, HttpResponseStatus.OK, reply));
        });
    }
}
