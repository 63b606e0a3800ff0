package io.reactivemicro.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.gateway.Running.Answer;
import io.reactivemicro.registry.CountingRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Every gateway route against real services over loopback RSocket, called with Reactor Netty's HttpClient. */
class GatewayTest {

    static Running running;

    @BeforeAll
    static void start() {
        running = new Running(b -> b.forwardHeaders(List.of("X-User"))
                .corsOrigins(List.of("http://app.example"))
                .maxBodyBytes(1024));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    static Answer post(String path, String body) {
        return running.post(path, body);
    }

    @Test
    void callsAnEndpointByServiceInterfaceAndMethod() {
        Answer a = post("/greeter/Greeter/hello", "{\"name\":\"John\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(a.json().get("text").asString()).isEqualTo("Hello, John!");
    }

    @Test
    void pathIsCaseInsensitiveAndTheOnlyInterfaceMayBeLeftOut() {
        assertThat(post("/greeter/greeter/HELLO", "{\"name\":\"a\"}")
                        .json()
                        .get("text")
                        .asString())
                .isEqualTo("Hello, a!");
        assertThat(post("/greeter/hello", "{\"name\":\"b\"}").json().get("text").asString())
                .isEqualTo("Hello, b!");
    }

    @Test
    void aServiceWithTwoInterfacesNeedsTheInterfaceInThePath() {
        Answer ambiguous = post("/multi/now", "{\"id\":\"UTC\"}");
        assertThat(ambiguous.status()).isEqualTo(404);
        assertThat(ambiguous.json().get("detail").asString()).contains("2 interfaces");
        assertThat(post("/multi/Clock/now", "{\"id\":\"UTC\"}")
                        .json()
                        .get("zone")
                        .asString())
                .isEqualTo("UTC");
    }

    @Test
    void rpcTakesServiceEndpointAndRequest() {
        Answer a =
                post("/rpc", "{\"service\":\"greeter\",\"endpoint\":\"Greeter.hello\",\"request\":{\"name\":\"R\"}}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("text").asString()).isEqualTo("Hello, R!");
        Answer missing = post("/rpc", "{\"endpoint\":\"Greeter.hello\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("\"service\"");
    }

    @Test
    void anEmptyBodyIsAnEmptyRequestAndAnEmptyReplyIsAnEmptyObject() {
        Answer a = post("/greeter/Greeter/forget", "");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo("{}");
    }

    @Test
    void aHandlerErrorAnswersWithItsCodeAndJson() {
        Answer a = post("/greeter/Greeter/conflict", "{\"name\":\"bob\"}");
        assertThat(a.status()).isEqualTo(409);
        JsonNode error = a.json();
        assertThat(error.get("id").asString()).isEqualTo("greeter");
        assertThat(error.get("code").asInt()).isEqualTo(409);
        assertThat(error.get("detail").asString()).isEqualTo("bob is taken");
        assertThat(error.get("status").asString()).isEqualTo("Conflict");
    }

    @Test
    void unknownServiceEndpointOrPathIs404() {
        Answer service = post("/nobody/Greeter/hello", "{}");
        assertThat(service.status()).isEqualTo(404);
        assertThat(service.json().get("detail").asString()).contains("nobody");
        Answer endpoint = post("/greeter/Greeter/nope", "{}");
        assertThat(endpoint.status()).isEqualTo(404);
        assertThat(endpoint.json().get("detail").asString()).contains("Greeter.nope");
        assertThat(post("/a/b/c/d", "{}").status()).isEqualTo(404);
        assertThat(running.get("/").status()).isEqualTo(404);
    }

    @Test
    void aServiceThatRegistersAfterA404IsRoutedOnceTheWatchSeesIt() {
        assertThat(post("/latecomer/hello", "{\"name\":\"x\"}").status()).isEqualTo(404);
        running.start(Micro.service("latecomer").handler(Greeter.class, new Greeter.Handler()));
        StepVerifier.create(Mono.fromCallable(() ->
                                post("/latecomer/hello", "{\"name\":\"x\"}").status())
                        .repeat()
                        .filter(status -> status == 200)
                        .next())
                .expectNext(200)
                .verifyComplete();
    }

    @Test
    void malformedJsonIs400() {
        Answer a = post("/greeter/Greeter/hello", "{nope");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asString()).contains("malformed JSON");
        Answer rpc = post("/rpc", "[1,");
        assertThat(rpc.status()).isEqualTo(400);
        assertThat(rpc.json().get("id").asString()).isEqualTo("gateway");
    }

    @Test
    void aBodyOverTheLimitIs413AndTheGatewayKeepsServing() {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        Answer a = post("/greeter/Greeter/hello", big);
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.json().get("code").asInt()).isEqualTo(413);
        assertThat(post("/greeter/Greeter/hello", "{\"name\":\"after\"}").status())
                .isEqualTo(200);
        assertThat(a.headers().get("Connection")).isEqualTo("close");
    }

    /**
     * The client sends each body after its headers, as browsers and Reactor Netty's client do; the gateway
     * answers errors found before the body (unknown service, wrong shape) only once the body is read, so the
     * same keep-alive connection answers every next request in order.
     */
    @Test
    void errorsAnsweredBeforeTheBodyWasNeededKeepTheConnectionServing() throws IOException {
        try (Socket socket = rawConnection()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 100; i++) {
                String path = i % 2 == 0 ? "/nobody/Greeter/hello" : "/greeter/Greeter/chat";
                send(
                        out,
                        "POST " + path + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 12\r\n\r\n");
                send(out, "{\"name\":\"x\"}");
                assertThat(statusOfNextAnswer(in)).as("answer %d", i).isEqualTo(i % 2 == 0 ? 404 : 400);
            }
        }
    }

    /**
     * Browsers send a preflight and then the call on one keep-alive connection: the preflight must be
     * answered through the same HTTP handler as every other request, or the connection's request bookkeeping
     * loses count and a later request on it goes unanswered.
     */
    @Test
    void preflightsAndCallsShareOneKeepAliveConnection() throws IOException {
        try (Socket socket = rawConnection()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 50; i++) {
                send(
                        out,
                        "OPTIONS /greeter/Greeter/hello HTTP/1.1\r\nHost: gateway\r\nOrigin: http://app.example\r\n"
                                + "Access-Control-Request-Method: POST\r\n\r\n");
                String preflight = nextAnswer(in);
                assertThat(preflight).as("preflight %d", i).startsWith("HTTP/1.1 200");
                assertThat(preflight).containsIgnoringCase("access-control-allow-origin: http://app.example");
                for (String origin : List.of("http://app.example", "http://evil.example")) {
                    send(
                            out,
                            "POST /greeter/Greeter/hello HTTP/1.1\r\nHost: gateway\r\nOrigin: " + origin
                                    + "\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                                    + "{\"name\":\"x\"}");
                    String call = nextAnswer(in);
                    assertThat(call).as("call %d from %s", i, origin).startsWith("HTTP/1.1 200");
                    assertThat(call.toLowerCase(Locale.ROOT).contains("access-control-allow-origin: " + origin))
                            .isEqualTo(origin.equals("http://app.example"));
                }
            }
        }
    }

    /** A plain TCP connection to the gateway, for requests written byte by byte. */
    private static Socket rawConnection() throws IOException {
        Socket socket = new Socket("127.0.0.1", running.gateway.address().getPort());
        socket.setSoTimeout((int) Running.WAIT.toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body off {@code in}; its status. */
    private static int statusOfNextAnswer(InputStream in) throws IOException {
        return Integer.parseInt(nextAnswer(in).substring(9, 12));
    }

    /** Reads one HTTP/1.1 answer with a Content-Length body off {@code in}; its head. */
    private static String nextAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed in the answer's head: %s", head).isNotNegative();
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertThat(in.readNBytes(length)).hasSize(length);
        return head.toString();
    }

    @Test
    void aCallWithTheWrongMethodIs405() {
        assertThat(running.get("/greeter/Greeter/hello").status()).isEqualTo(405);
    }

    @Test
    void aServerStreamAnswersAsServerSentEvents() {
        Answer a = running.send(
                HttpMethod.POST, "/greeter/Greeter/ticks", "{\"count\":3}", Map.of("Accept", "text/event-stream"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.headers().get("Content-Type")).isEqualTo("text/event-stream");
        assertThat(a.body())
                .isEqualTo("data: {\"text\":\"tick 0\"}\n\n" + "data: {\"text\":\"tick 1\"}\n\n"
                        + "data: {\"text\":\"tick 2\"}\n\n" + "event: end\ndata: {}\n\n");
    }

    @Test
    void aServerStreamAnswersAsNdjson() {
        Answer a = running.send(
                HttpMethod.POST, "/greeter/Greeter/ticks", "{\"count\":2}", Map.of("Accept", "application/x-ndjson"));
        assertThat(a.headers().get("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(a.body()).isEqualTo("{\"text\":\"tick 0\"}\n{\"text\":\"tick 1\"}\n");
    }

    @Test
    void aStreamCanBeOpenedWithGetAndTheRequestInTheQuery() {
        Answer a = running.send(
                HttpMethod.GET,
                "/greeter/Greeter/ticks?request=%7B%22count%22%3A1%7D",
                "",
                Map.of("Accept", "text/event-stream"));
        assertThat(a.body()).startsWith("data: {\"text\":\"tick 0\"}\n\n").endsWith("event: end\ndata: {}\n\n");
    }

    @Test
    void aStreamErrorBeforeAnyReplyAnswersWithItsStatusAndOneAfterAsAnErrorEvent() {
        Answer before =
                running.send(HttpMethod.POST, "/greeter/Greeter/ticks", "{bad", Map.of("Accept", "text/event-stream"));
        assertThat(before.status()).isEqualTo(400);
        Answer after = running.send(
                HttpMethod.POST, "/greeter/Greeter/breaks", "{\"name\":\"x\"}", Map.of("Accept", "text/event-stream"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body())
                .startsWith("data: {\"text\":\"first\"}\n\n")
                .contains("event: error\ndata: {\"id\":\"greeter\",\"code\":409");
    }

    @Test
    void aClientThatDisconnectsCancelsTheCallOnTheServer() {
        StepVerifier.create(running.http
                        .headers(h -> h.set("Accept", "text/event-stream"))
                        .post()
                        .uri("/greeter/Greeter/endless")
                        .send(body("{\"name\":\"leaver\"}"))
                        .responseContent()
                        .asString()
                        .scan("", String::concat)
                        .filter(received -> received.contains("leaver 1"))
                        .next())
                .expectNextMatches(received -> received.startsWith("data: {\"text\":\"leaver 0\"}\n\n"))
                .verifyComplete();
        StepVerifier.create(running.greeter
                        .cancelled
                        .asFlux()
                        .filter("leaver"::equals)
                        .next())
                .expectNext("leaver")
                .verifyComplete();
    }

    static Mono<io.netty.buffer.ByteBuf> body(String json) {
        return Mono.fromSupplier(() -> io.netty.buffer.Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    @Test
    void aBidirectionalEndpointTalksOverAWebSocketOnTheSamePath() {
        List<String> replies = running.http
                .websocket()
                .uri("/greeter/Greeter/chat")
                .handle((in, out) -> in.receive()
                        .asString()
                        .mergeWith(out.sendString(Flux.just("{\"name\":\"ping\"}", "{\"name\":\"pong\"}")
                                        .concatWith(Mono.never()))
                                .then()
                                .then(Mono.<String>empty())))
                .take(2)
                .collectList()
                .block(Running.WAIT);
        assertThat(replies).containsExactly("{\"text\":\"PING\"}", "{\"text\":\"PONG\"}");
    }

    @Test
    void aBidirectionalEndpointRefusesPlainPostAndOthersRefuseAWebSocket() {
        Answer post = post("/greeter/Greeter/chat", "{\"name\":\"x\"}");
        assertThat(post.status()).isEqualTo(400);
        assertThat(post.json().get("detail").asString()).contains("WebSocket");
        Answer upgrade = running.send(
                HttpMethod.GET,
                "/greeter/Greeter/hello",
                "",
                Map.of(
                        "Upgrade",
                        "websocket",
                        "Connection",
                        "Upgrade",
                        "Sec-WebSocket-Version",
                        "13",
                        "Sec-WebSocket-Key",
                        "dGhlIHNhbXBsZSBub25jZQ=="));
        assertThat(upgrade.status()).isEqualTo(400);
    }

    @Test
    void allowListedHeadersAndAuthorizationAreForwardedOthersAreNot() {
        Map<String, String> headers = Map.of("X-User", "bob", "Authorization", "Bearer t0k", "X-Other", "no");
        assertThat(header("X-User", headers)).isEqualTo("bob");
        assertThat(header("x-user", headers)).isEqualTo("bob");
        assertThat(header("Authorization", headers)).isEqualTo("Bearer t0k");
        assertThat(header("X-Other", headers)).isEqualTo("-");
    }

    static String header(String name, Map<String, String> headers) {
        return running.send(HttpMethod.POST, "/greeter/Greeter/header", "{\"name\":\"" + name + "\"}", headers)
                .json()
                .get("text")
                .asString();
    }

    @Test
    void corsAnswersPreflightForAllowedOriginsOnly() {
        Answer preflight = running.send(
                HttpMethod.OPTIONS,
                "/greeter/Greeter/hello",
                "",
                Map.of(
                        "Origin",
                        "http://app.example",
                        "Access-Control-Request-Method",
                        "POST",
                        "Access-Control-Request-Headers",
                        "content-type,x-user"));
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://app.example");
        assertThat(preflight.headers().get("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.headers().get("Access-Control-Allow-Headers")).containsIgnoringCase("x-user");

        Answer call = running.send(
                HttpMethod.POST, "/greeter/Greeter/hello", "{\"name\":\"c\"}", Map.of("Origin", "http://app.example"));
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://app.example");

        Answer other = running.send(
                HttpMethod.POST, "/greeter/Greeter/hello", "{\"name\":\"c\"}", Map.of("Origin", "http://evil.example"));
        assertThat(other.headers().get("Access-Control-Allow-Origin")).isNull();

        Answer refused = running.send(
                HttpMethod.OPTIONS,
                "/greeter/Greeter/hello",
                "",
                Map.of("Origin", "http://evil.example", "Access-Control-Request-Method", "POST"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().get("Access-Control-Allow-Origin")).isNull();
        assertThat(refused.headers().get("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void healthAndMetricsAnswer() {
        assertThat(running.get("/health").json().get("status").asString()).isEqualTo("ok");
        post("/greeter/Greeter/hello", "{\"name\":\"m\"}");
        post("/greeter/Greeter/conflict", "{\"name\":\"m\"}");
        JsonNode routes = running.get("/metrics").json().get("routes");
        assertThat(routes.get("greeter Greeter.hello").get("count").asLong()).isPositive();
        assertThat(routes.get("greeter Greeter.conflict").get("errors").asLong())
                .isPositive();
        assertThat(routes.get("greeter Greeter.hello").get("meanMillis").asDouble())
                .isPositive();
    }

    @Test
    void aThousandRequestsCostNoRegistryLookupOnceTheServiceIsKnown() {
        CountingRegistry counting = new CountingRegistry(running.registry);
        Service caller = Micro.service("counted").registry(counting).build();
        caller.start().block(Running.WAIT);
        Gateway gateway = Gateway.builder(caller).address("127.0.0.1:0").build();
        gateway.start().block(Running.WAIT);
        try {
            HttpClient http = HttpClient.create()
                    .baseUrl("http://127.0.0.1:" + gateway.address().getPort());
            http.post().uri("/greeter/hello").send(body("{}")).response().block(Running.WAIT);
            int known = counting.lookups();
            StepVerifier.create(Flux.range(0, 1000)
                            .flatMap(
                                    i -> http.post()
                                            .uri("/greeter/Greeter/hello")
                                            .send(body("{\"name\":\"n" + i + "\"}"))
                                            .responseSingle((res, content) -> content.asString())
                                            .filter(reply -> reply.equals("{\"text\":\"Hello, n" + i + "!\"}")),
                                    32)
                            .count())
                    .expectNext(1000L)
                    .verifyComplete();
            assertThat(known).isEqualTo(1);
            assertThat(counting.lookups()).isEqualTo(known);
        } finally {
            gateway.stop().block(Running.WAIT);
            caller.stop().block(Running.WAIT);
        }
    }

    @Test
    void stoppingTheGatewayClosesItsPort() {
        Running other = new Running(b -> b);
        int port = other.gateway.address().getPort();
        other.close();
        StepVerifier.create(other.http.get().uri("/health").response())
                .expectError()
                .verify(Duration.ofSeconds(10));
        assertThat(port).isPositive();
    }
}
