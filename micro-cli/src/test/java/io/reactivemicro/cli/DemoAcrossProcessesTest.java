package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code micro demo} in one process, {@code micro services} and {@code micro call} in this one, both on the default
 * registry (mDNS): what a second terminal sees. Needs multicast (on Linux loopback: {@code ip link set lo multicast
 * on}, as CI does): integration.
 */
@Tag("integration")
class DemoAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The {@code http://host:port/} in the first of {@code lines} that mentions {@code label}. */
    private static String url(List<String> lines, String label) {
        String line = lines.stream()
                .filter(l -> l.contains(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + label + " in " + lines));
        Matcher m = Pattern.compile("http://[0-9.]+:[0-9]+/").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group();
    }

    /** POSTs until the answer is not a 404: a fresh mDNS registry learns of the demo from later answers. */
    private static String post(String url, String json) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 404 || System.nanoTime() > deadline) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return r.body();
            }
            Thread.sleep(250);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Four JVMs start one after another on two cores: more than the default minute. */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aSecondProcessSeesAndCallsTheDemoThroughMdns() throws Exception {
        // free ports for the demo's gateway and dashboard: a developer's own demo may hold :8080 and :8082
        try (Subprocess demo =
                Subprocess.micro("demo", "--api-address", "127.0.0.1:0", "--web-address", "127.0.0.1:0")) {
            demo.awaitLine(l -> l.equals("Serving until Ctrl-C."), Duration.ofSeconds(90));
            assertThat(demo.output()).anyMatch(l -> l.contains("registry mdns"));
            Cli.Result services = Cli.run("services");
            assertThat(services.code()).as(services.err()).isZero();
            assertThat(services.out())
                    .containsPattern("greeter +1\\.0\\.0 +1")
                    .contains("quotes", "inbox", "publisher");
            Cli.Result call = Cli.run("call", "greeter", "Greeter.hello", "{\"name\":\"John\"}");
            assertThat(call.err()).isEmpty();
            assertThat(call.out()).isEqualTo("{\n  \"greeting\" : \"Hello, John!\"\n}\n");

            // the demo's own gateway, then micro api and micro web as separate processes on free ports
            assertThat(post(url(demo.output(), "HTTP API gateway") + "greeter/Greeter/hello", "{\"name\":\"John\"}"))
                    .isEqualTo("{\"greeting\":\"Hello, John!\"}");
            try (Subprocess api = Subprocess.micro("api", "--address", "127.0.0.1:0");
                    Subprocess web = Subprocess.micro("web", "--address", "127.0.0.1:0")) {
                String apiUrl = url(List.of(api.awaitLine(l -> l.startsWith("HTTP API gateway on"), WAIT)), "gateway");
                String webUrl = url(List.of(web.awaitLine(l -> l.startsWith("Web dashboard on"), WAIT)), "dashboard");
                assertThat(post(apiUrl + "greeter/Greeter/hello", "{\"name\":\"Ann\"}"))
                        .isEqualTo("{\"greeting\":\"Hello, Ann!\"}");
                assertThat(get(webUrl)).contains("<html").contains("Reactive Micro");
                api.signal("INT");
                web.signal("INT");
                assertThat(api.exitCode(WAIT)).isEqualTo(130);
                assertThat(web.exitCode(WAIT)).isEqualTo(130);
            }
            demo.signal("INT");
            assertThat(demo.exitCode(Duration.ofSeconds(60))).isEqualTo(130);
        }
    }
}
