package io.reactivemicro.cli;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportServer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * {@code micro sidecar}: puts a non-JVM HTTP application into the mesh. It registers the application as a
 * service with its endpoints, serves RPCs to it through {@link AppProxy}, and gives it an HTTP endpoint of its
 * own: {@code POST /{service}/{endpoint}} calls a service, {@code POST /publish/{topic}} publishes.
 */
final class Sidecar implements AutoCloseable {

    static final String ENDPOINTS_PATH = "/micro/endpoints";
    static final Duration REGISTER_TTL = RegisterOptions.DEFAULT_TTL;
    static final Duration REGISTER_INTERVAL = Duration.ofSeconds(30);
    static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
    static final int MAX_IN_FLIGHT = 16_384;
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

    /** What the sidecar needs: the service's name and version, the application and the addresses to serve. */
    record Settings(
            String name,
            String version,
            String appAddress,
            String address,
            String httpAddress,
            List<String> endpoints,
            Duration appTimeout) {}

    private final Session session;
    private final ServiceRecord record;
    private final TransportServer server;
    private final DisposableServer httpServer;
    private final Disposable reRegistration;
    private boolean closed;

    private Sidecar(
            Session session,
            ServiceRecord record,
            TransportServer server,
            DisposableServer httpServer,
            Disposable reRegistration) {
        this.session = session;
        this.record = record;
        this.server = server;
        this.httpServer = httpServer;
        this.reRegistration = reRegistration;
    }

    /** Binds both servers and registers; blocking, for the command's thread. */
    static Sidecar start(Session session, Settings settings) {
        // A connection per request: an application that closes after each answer (HTTP/1.0 servers such as
        // Python's http.server) would otherwise hand the pool dead connections.
        HttpClient http = HttpClient.newConnection();
        List<EndpointRecord> endpoints = settings.endpoints().isEmpty()
                ? fetchEndpoints(http, settings)
                : settings.endpoints().stream().map(Sidecar::untyped).toList();
        Set<String> names = new LinkedHashSet<>();
        endpoints.forEach(e -> names.add(e.name()));
        String nodeId = settings.name() + "-" + UUID.randomUUID();
        long startedAt = System.currentTimeMillis();
        AppProxy proxy = new AppProxy(
                settings.name(),
                settings.appAddress(),
                names,
                settings.appTimeout(),
                http,
                () -> Output.JSON.writeValueAsBytes(Map.of(
                        "status",
                        "ok",
                        "service",
                        settings.name(),
                        "version",
                        settings.version(),
                        "node",
                        nodeId,
                        "uptimeMillis",
                        System.currentTimeMillis() - startedAt)));
        Transport transport = Transport.fromConfig();
        TransportServer server = transport
                .serve(new ServerSettings(settings.name(), settings.address(), MAX_PAYLOAD_BYTES, MAX_IN_FLIGHT), proxy)
                .block(Session.CLOSE_WAIT);
        if (server == null) {
            throw new IllegalStateException("the sidecar's server did not start");
        }
        Map<String, String> nodeMetadata = new LinkedHashMap<>();
        nodeMetadata.put("transport", transport.name());
        nodeMetadata.put("protocol", "rsocket");
        nodeMetadata.put("registry", session.registry.describe());
        nodeMetadata.put("broker", session.broker.describe());
        nodeMetadata.put("server", "micro-sidecar");
        nodeMetadata.put("version", settings.version());
        ServiceRecord record = new ServiceRecord(
                settings.name(),
                settings.version(),
                Map.of("sidecar", "http://" + settings.appAddress()),
                endpoints,
                List.of(new Node(nodeId, server.address(), nodeMetadata)));
        DisposableServer httpServer;
        try {
            session.registry.register(record, RegisterOptions.ttl(REGISTER_TTL)).block(Session.CLOSE_WAIT);
            httpServer = httpServer(session, settings.httpAddress());
        } catch (RuntimeException e) {
            server.shutdown(Duration.ZERO).block(Session.CLOSE_WAIT);
            throw e;
        }
        Disposable reRegistration = Flux.interval(REGISTER_INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> session.registry
                        .register(record, RegisterOptions.ttl(REGISTER_TTL))
                        .doOnError(e -> log.warn("sidecar: re-registering failed: {}", e.toString()))
                        .onErrorComplete())
                .subscribe();
        return new Sidecar(session, record, server, httpServer, reRegistration);
    }

    String rpcAddress() {
        return server.address();
    }

    String httpAddress() {
        return httpServer.host() + ":" + httpServer.port();
    }

    List<EndpointRecord> endpoints() {
        return record.endpoints();
    }

    /** An endpoint named on the command line: its messages may be any JSON. */
    private static EndpointRecord untyped(String name) {
        if (!name.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
            throw new UsageException("--endpoint " + name + " (expected: Name.method)");
        }
        return new EndpointRecord(name, Map.of(), Map.of(), "none", Map.of());
    }

    /**
     * {@code GET http://app/micro/endpoints}: a JSON array of names ({@code ["Hello.say"]}) or of objects with
     * {@code name} and optional {@code request}/{@code response} JSON Schemas.
     */
    @SuppressWarnings("unchecked")
    private static List<EndpointRecord> fetchEndpoints(HttpClient http, Settings settings) {
        String url = "http://" + settings.appAddress() + ENDPOINTS_PATH;
        String body;
        try {
            body = http.get()
                    .uri(url)
                    .responseSingle((response, content) -> response.status().code() == 200
                            ? content.asString().defaultIfEmpty("[]")
                            : Mono.error(new IllegalStateException("HTTP " + response.status())))
                    .block(settings.appTimeout());
        } catch (RuntimeException e) {
            throw new IllegalStateException("no --endpoint given and GET " + url + " failed: " + e.getMessage(), e);
        }
        JsonNode list = Bodies.parse(body == null ? "[]" : body, "GET " + url);
        if (!list.isArray()) {
            throw new IllegalStateException("GET " + url + ": expected a JSON array of endpoints");
        }
        List<EndpointRecord> endpoints = new ArrayList<>();
        for (JsonNode item : list) {
            if (item.isString()) {
                endpoints.add(untyped(item.asString()));
            } else {
                EndpointRecord bare = untyped(item.path("name").asString(""));
                endpoints.add(new EndpointRecord(
                        bare.name(),
                        item.has("request") ? Output.JSON.convertValue(item.get("request"), Map.class) : Map.of(),
                        item.has("response") ? Output.JSON.convertValue(item.get("response"), Map.class) : Map.of(),
                        "none",
                        Map.of()));
            }
        }
        return endpoints;
    }

    /** The application's way into the mesh: calls and publishes as the session's client. */
    private static DisposableServer httpServer(Session session, String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--http-address " + address + " (expected: host:port)");
        }
        return HttpServer.create()
                .host(address.substring(0, colon))
                .port(Integer.parseInt(address.substring(colon + 1)))
                .route(routes -> routes.post(
                                "/publish/{topic}",
                                (request, response) -> respond(
                                        response,
                                        body(request)
                                                .flatMap(json ->
                                                        session.client.client().publish(request.param("topic"), json))
                                                .then(Mono.<JsonNode>empty()),
                                        HttpResponseStatus.ACCEPTED))
                        .post(
                                "/{service}/{endpoint}",
                                (request, response) -> respond(
                                        response,
                                        body(request).flatMap(json -> session.client
                                                .client()
                                                .call(
                                                        request.param("service"),
                                                        request.param("endpoint"),
                                                        json,
                                                        JsonNode.class)),
                                        HttpResponseStatus.OK)))
                .bindNow(Session.CLOSE_WAIT);
    }

    /** The request body as JSON, at most {@link #MAX_PAYLOAD_BYTES}; malformed: 400, too large: 413. */
    private static Mono<JsonNode> body(HttpServerRequest request) {
        return request.receive()
                .asByteArray()
                .reduce(new ByteArrayOutputStream(), (all, chunk) -> {
                    if (all.size() + chunk.length > MAX_PAYLOAD_BYTES) {
                        throw MicroException.payloadTooLarge("micro-sidecar", "body over %d bytes", MAX_PAYLOAD_BYTES);
                    }
                    all.writeBytes(chunk);
                    return all;
                })
                .map(all -> {
                    try {
                        return Bodies.parse(all.toString(java.nio.charset.StandardCharsets.UTF_8), "the body");
                    } catch (UsageException e) {
                        throw MicroException.badRequest("micro-sidecar", "%s", e.getMessage());
                    }
                });
    }

    /** The reply as JSON with {@code ok}; a failure as its MicroException JSON with its code as the status. */
    private static Publisher<Void> respond(HttpServerResponse response, Mono<JsonNode> reply, HttpResponseStatus ok) {
        return reply.<Publisher<Void>>map(json -> response.status(ok)
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .sendByteArray(Mono.just(Output.JSON.writeValueAsBytes(json))))
                .switchIfEmpty(Mono.fromSupplier(
                        () -> response.status(ok == HttpResponseStatus.OK ? HttpResponseStatus.NO_CONTENT : ok)
                                .send()))
                .onErrorResume(e -> {
                    MicroException m = MicroException.from(e);
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("id", m.id());
                    error.put("code", m.code());
                    error.put("detail", m.detail());
                    error.put("status", m.status());
                    return Mono.just(response.status(m.code())
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendByteArray(Mono.just(Output.JSON.writeValueAsBytes(error))));
                })
                .flatMap(Mono::from);
    }

    /** Deregisters, stops both servers (in-flight RPCs get {@link #GRACE}). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reRegistration.dispose();
        session.registry
                .deregister(record)
                .onErrorComplete()
                .then(server.shutdown(GRACE))
                .block(GRACE.plus(Session.CLOSE_WAIT));
        httpServer.disposeNow(Session.CLOSE_WAIT);
    }
}
