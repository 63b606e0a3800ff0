package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * {@code micro sidecar} in front of a real Python {@code http.server} application (python3 must be on the PATH:
 * integration), called through {@code micro call}; the application calls a JVM service and publishes through the
 * sidecar's HTTP endpoint.
 */
@Tag("integration")
class SidecarTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static TestServices services;
    static Subprocess app;
    static Session session;
    static Sidecar sidecar;
    static int httpPort;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        services = TestServices.start("sidecar-listener");
        httpPort = freePort();
        app = python(dir, "127.0.0.1:" + httpPort);
        String appPort = app.awaitLine(l -> l.matches("\\d+"), WAIT);
        MicroCommand options = new MicroCommand(InputStream.nullInputStream(), false);
        options.registry = "memory";
        session = Session.open(
                options,
                new Output(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false),
                new ByteArrayInputStream(new byte[0]),
                false);
        sidecar = Sidecar.start(
                session,
                new Sidecar.Settings(
                        "hello-app",
                        "1.0.0",
                        "127.0.0.1:" + appPort,
                        "127.0.0.1:0",
                        "127.0.0.1:" + httpPort,
                        List.of(),
                        Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (sidecar != null) {
            sidecar.close();
            session.close();
        }
        if (app != null) {
            app.close();
        }
        services.close();
    }

    static Subprocess python(Path dir, String sidecarHttp) throws IOException {
        Path script = dir.resolve("sidecar_app.py");
        try (InputStream in = SidecarTest.class.getResourceAsStream("/sidecar_app.py")) {
            Files.copy(in, script);
        }
        return Subprocess.start(List.of("python3", script.toString(), sidecarHttp), dir);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Cli.Result micro(String... args) {
        return Cli.onMemory(args);
    }

    static java.net.http.HttpResponse<String> post(String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + path))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anRpcBecomesAPostToTheApplicationWithTheCallersHeaders() {
        Cli.Result r = micro("-o", "json", "call", "hello-app", "Hello.say", "{\"name\":\"Py\"}", "-H", "X-User=bob");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("{\"greeting\":\"Hello, Py, from Python!\",\"user\":\"bob\"}\n");
    }

    @Test
    void theApplicationsHttpStatusBecomesTheErrorCode() {
        Cli.Result r = micro("call", "hello-app", "Hello.fail", "{}");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: hello-app 409 Conflict: Hello.fail: order already exists\n");
        Cli.Result unknown = micro("call", "hello-app", "Hello.nope", "{}");
        assertThat(unknown.err()).contains("hello-app 404 Not Found: unknown endpoint Hello.nope");
        Cli.Result stream = micro("stream", "hello-app", "Hello.say", "{}");
        assertThat(stream.err())
                .contains("hello-app 400 Bad Request: Hello.say: a sidecar's endpoints are request-response only");
    }

    @Test
    void theApplicationCallsAServiceThroughTheSidecar() {
        Cli.Result r = micro("-o", "json", "call", "hello-app", "Hello.relay", "--name=Ann");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("{\"status\":200,\"relayed\":{\"greeting\":\"Hello, Ann!\"}}\n");
    }

    @Test
    void theApplicationPublishesThroughTheSidecar() {
        Cli.Result r = micro("-o", "json", "call", "hello-app", "Hello.announce", "{}");
        assertThat(r.out()).isEqualTo("{\"published\":202}\n");
        StepVerifier.create(services.heard
                        .asFlux()
                        .filter(h -> h.greeting().equals("announced by Python"))
                        .next())
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void endpointsFetchedFromTheApplicationAreRegisteredAndHealthIsAnswered() {
        Cli.Result describe = micro("describe", "hello-app");
        assertThat(describe.out())
                .contains("sidecar=http://127.0.0.1:", "server=micro-sidecar")
                .containsPattern("Hello\\.relay +none +\\{name: string\\}")
                .contains("Hello.say", "Hello.fail", "Hello.announce");
        Cli.Result health = micro("health", "hello-app");
        assertThat(health.code()).isZero();
        assertThat(health.out()).containsPattern("1\\.0\\.0 +ok");
    }

    @Test
    void malformedJsonToTheSidecarsHttpEndpointIs400() throws Exception {
        var response = post("/greeter/Greeter.hello", "{nope");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":400", "malformed JSON");
        var unknown = post("/nobody/X.y", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void theSidecarCommandAsARealProcess(@TempDir Path dir) throws Exception {
        int http = freePort();
        int rpc = freePort();
        try (Subprocess python = python(dir, "127.0.0.1:" + http)) {
            String appPort = python.awaitLine(l -> l.matches("\\d+"), WAIT);
            try (Subprocess cli = Subprocess.micro(
                    "--registry",
                    "memory",
                    "sidecar",
                    "--name",
                    "py-app",
                    "--app-address",
                    "127.0.0.1:" + appPort,
                    "--address",
                    "127.0.0.1:" + rpc,
                    "--http-address",
                    "127.0.0.1:" + http,
                    "--endpoint",
                    "Hello.say")) {
                cli.awaitLine(l -> l.equals("Serving until Ctrl-C."), Duration.ofSeconds(60));
                Cli.Result r = micro(
                        "-o", "json", "call", "py-app", "Hello.say", "--name=Sub", "--address", "127.0.0.1:" + rpc);
                assertThat(r.err()).isEmpty();
                assertThat(r.out()).isEqualTo("{\"greeting\":\"Hello, Sub, from Python!\",\"user\":null}\n");
                cli.signal("INT");
                assertThat(cli.exitCode(WAIT)).isEqualTo(130);
            }
        }
    }
}
