package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Every command against real services over loopback RSocket, found through the JVM's memory registry. */
class CommandsTest {

    static final Duration WAIT = TestServices.WAIT;
    static TestServices services;

    @BeforeAll
    static void start() {
        services = TestServices.start("listener");
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    static Cli.Result micro(String... args) {
        return Cli.onMemory(args);
    }

    @Test
    void callPrintsTheJsonReply() {
        Cli.Result r = micro("call", "greeter", "Greeter.hello", "{\"name\":\"John\"}");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\n  \"greeting\" : \"Hello, John!\"\n}\n");
    }

    @Test
    void callBuildsTheBodyFromFieldFlags() {
        Cli.Result r = micro("call", "greeter", "Greeter.hello", "--name=Ann", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("{\"greeting\":\"Hello, Ann!\"}\n");
    }

    @Test
    void servicesListsNameVersionAndNodes() {
        Cli.Result r = micro("services");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("NAME").containsPattern("\\ngreeter +1\\.0\\.0 +1\\n");
    }

    @Test
    void callReadsTheBodyFromStdinWhenNoJsonIsGivenOrJsonIsADash() {
        Cli.Result piped =
                Cli.withStdin("{\"name\":\"Pipe\"}", "--registry", "memory", "call", "greeter", "Greeter.hello");
        assertThat(piped.out()).contains("Hello, Pipe!");
        Cli.Result dash = Cli.withStdin(
                "{\"name\":\"Dash\"}", "--registry", "memory", "-o", "json", "call", "greeter", "Greeter.hello", "-");
        assertThat(dash.out()).isEqualTo("{\"greeting\":\"Hello, Dash!\"}\n");
    }

    @Test
    void handlerErrorPrintsIdCodeAndDetailAndExitsOne() {
        Cli.Result r = micro("call", "greeter", "Greeter.hello", "{\"name\":\"\"}");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: greeter 400 Bad Request: name is required\n");
        Cli.Result json = micro("-o", "json", "call", "greeter", "Greeter.hello", "{}");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.err())
                .isEqualTo(
                        "{\"id\":\"greeter\",\"code\":400,\"detail\":\"name is required\",\"status\":\"Bad Request\"}\n");
    }

    @Test
    void unknownEndpointAndUnknownServiceAre404WithExitOne() {
        Cli.Result endpoint = micro("call", "greeter", "Greeter.nope", "{}");
        assertThat(endpoint.code()).isEqualTo(1);
        assertThat(endpoint.err()).contains("404 Not Found", "Greeter.nope");
        Cli.Result service = micro("call", "nobody", "X.y", "{}");
        assertThat(service.code()).isEqualTo(1);
        assertThat(service.err()).contains("404 Not Found: service nobody not found in registry");
    }

    @Test
    void malformedJsonAndBadFieldsAreUsageErrorsWithExitTwo() {
        Cli.Result json = micro("call", "greeter", "Greeter.hello", "{name:");
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.err()).startsWith("micro: the body: malformed JSON");
        Cli.Result both = micro("call", "greeter", "Greeter.hello", "{}", "--name=x");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        assertThat(micro("call", "greeter").code()).isEqualTo(2);
        assertThat(micro("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void fieldFlagsAreTypedByTheRequestSchema() {
        Cli.Result r = micro("stream", "greeter", "Greeter.ticks", "--count=2", "--intervalMillis=0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).hasSize(2);
        Cli.Result bad = micro("stream", "greeter", "Greeter.ticks", "--count=two");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--count=two: expected integer");
    }

    @Test
    void streamPrintsOneJsonDocumentPerLine() {
        Cli.Result r = micro("stream", "greeter", "Greeter.ticks", "{\"count\":3,\"intervalMillis\":10}");
        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"sequence\":0,\"at\":\"");
        assertThat(lines.get(2)).startsWith("{\"sequence\":2,");
    }

    @Test
    void streamErrorExitsOne() {
        Cli.Result r = micro("stream", "greeter", "Greeter.ticks", "{\"count\":-1,\"intervalMillis\":0}");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("greeter 400 Bad Request: count and intervalMillis must be >= 0");
    }

    @Test
    void describeShowsVersionsNodesAndEndpointSchemas() {
        Cli.Result r = micro("describe", "greeter");
        assertThat(r.code()).isZero();
        String address = services.greeterAddress();
        assertThat(r.out())
                .startsWith("greeter 1.0.0\n")
                .contains("NODE", address, "transport=rsocket")
                .containsPattern("Greeter\\.hello +none +\\{name: string\\} +\\{greeting: string\\}")
                .containsPattern("Greeter\\.ticks +server +\\{count: integer, intervalMillis: integer\\}")
                .contains("Debug.health");
    }

    @Test
    void describeAsJsonIsTheRegistryRecord() {
        Cli.Result r = micro("-o", "json", "describe", "greeter");
        JsonNode records = Output.JSON.readTree(r.out());
        assertThat(records.get(0).get("name").asString()).isEqualTo("greeter");
        assertThat(records.get(0).get("nodes").get(0).get("address").asString()).isEqualTo(services.greeterAddress());
        List<String> endpoints = new java.util.ArrayList<>();
        records.get(0).get("endpoints").forEach(e -> endpoints.add(e.get("name").asString()));
        assertThat(endpoints).contains("Greeter.hello", "Greeter.ticks", "Debug.health");
        assertThat(records.get(0).get("endpoints").toString()).contains("\"request\":{");
    }

    @Test
    void describeUnknownServiceExitsOne() {
        Cli.Result r = micro("describe", "nobody");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: micro-cli 404 Not Found: service nobody not found in registry");
    }

    @Test
    void publishReachesASubscriberThroughTheDefaultRsocketBroker() {
        Cli.Result r = micro("publish", "greetings", "{\"greeting\":\"from the CLI\"}");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("published to greetings (broker rsocket");
        assertThat(r.err()).isEmpty();
        StepVerifier.create(services.heard
                        .asFlux()
                        .filter(h -> h.greeting().equals("from the CLI"))
                        .next())
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void healthCallsEveryNodeAndFailsWhenOneIsDown() {
        Cli.Result ok = micro("health", "greeter");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("STATUS", services.greeterAddress()).containsPattern("1\\.0\\.0 +ok +\\d");
        ServiceRecord ghost = new ServiceRecord(
                "ghost", "1", Map.of(), List.of(), List.of(new Node("ghost-1", deadAddress(), Map.of())));
        Registry.sharedMemory().register(ghost, RegisterOptions.defaults()).block(WAIT);
        try {
            Cli.Result down = micro("health", "ghost", "--timeout", "2s");
            assertThat(down.code()).isEqualTo(1);
            assertThat(down.out()).contains("ghost-1").containsPattern("503 Service Unavailable");
        } finally {
            Registry.sharedMemory().deregister(ghost).block(WAIT);
        }
    }

    @Test
    void registerAndDeregisterARecordFromAFileAndFromStdin(@TempDir Path dir) throws IOException {
        String record = """
                {"name":"external","version":"2.0.0","metadata":{},"endpoints":[],
                 "nodes":[{"id":"external-1","address":"127.0.0.1:1","metadata":{}}]}""";
        Path file = dir.resolve("external.json");
        Files.writeString(file, record);
        Cli.Result registered = micro("register", file.toString());
        assertThat(registered.code()).isZero();
        assertThat(registered.out()).isEqualTo("registered external 2.0.0 (1 node) in memory\n");
        assertThat(micro("services").out()).containsPattern("external +2\\.0\\.0 +1");
        Cli.Result deregistered = Cli.withStdin(record, "--registry", "memory", "deregister", "-");
        assertThat(deregistered.code()).isZero();
        assertThat(micro("services").out()).doesNotContain("external");
        Cli.Result malformed = Cli.withStdin("{\"nodes\":", "--registry", "memory", "register", "-");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("micro: -: not a ServiceRecord");
        assertThat(micro("register", dir.resolve("missing.json").toString()).code())
                .isEqualTo(2);
    }

    @Test
    void servicesAsJson() {
        JsonNode list = Output.JSON.readTree(micro("-o", "json", "services").out());
        assertThat(list.findValuesAsString("name")).contains("greeter", "listener");
    }

    @Test
    void theFlagWinsOverTheSystemPropertyWhichNamesAPluginOtherwise() {
        System.setProperty("micro.registry", "nope");
        try {
            assertThat(micro("services").code()).isZero();
            Cli.Result fromProperty = Cli.run("services");
            assertThat(fromProperty.code()).isEqualTo(3);
            assertThat(fromProperty.err()).contains("MICRO_REGISTRY=nope", "no Registry plugin named 'nope'");
        } finally {
            System.clearProperty("micro.registry");
        }
    }

    @Test
    void completionVersionAndHelp() {
        Cli.Result completion = Cli.run("completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F", "services", "describe", "--registry");
        assertThat(Cli.run("--version").out()).startsWith("micro 0.1.0");
        Cli.Result help = Cli.run("help", "call");
        assertThat(help.out()).contains("Usage: micro call", "--timeout", "--address");
        assertThat(Cli.run().out()).contains("Exit codes:", "130").contains("sidecar", "demo", "new", "api", "web");
    }

    /** A loopback port nothing listens on: bound, then closed. */
    static String deadAddress() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
