package io.reactivemicro.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.gateway.Running.Answer;
import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The dashboard's page and its /api routes, against real services. */
class DashboardApiTest {

    record Note(String text) {}

    static Running running;
    static final Sinks.Many<Note> received = Sinks.many().replay().all();

    @BeforeAll
    static void start() {
        running = new Running(b -> b.dashboard(true));
        running.start(Micro.service("listener").subscribe("news", Note.class, note -> {
            received.tryEmitNext(note);
            return Mono.empty();
        }));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void servesThePageAndItsAssetsFromTheJar() {
        Answer page = running.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/static/app.js\"");
        assertThat(running.get("/static/app.js").headers().get("Content-Type")).startsWith("text/javascript");
        assertThat(running.get("/static/style.css").headers().get("Content-Type"))
                .startsWith("text/css");
    }

    @Test
    void listsServicesAndShowsOneWithNodesAndEndpointSchemas() {
        JsonNode list = running.get("/api/registry/services").json();
        assertThat(StreamSupport.stream(list.spliterator(), false)
                        .map(r -> r.get("name").asString()))
                .contains("greeter", "multi", "gateway");
        JsonNode greeter = running.get("/api/registry/services/greeter").json().get(0);
        assertThat(greeter.get("version").asString()).isEqualTo("1.0.0");
        assertThat(greeter.get("nodes").get(0).get("address").asString()).startsWith("127.0.0.1:");
        JsonNode ticks = StreamSupport.stream(greeter.get("endpoints").spliterator(), false)
                .filter(e -> e.get("name").asString().equals("Greeter.ticks"))
                .findFirst()
                .orElseThrow();
        assertThat(ticks.get("stream").asString()).isEqualTo("server");
        assertThat(ticks.get("request").toString()).contains("count");
        assertThat(running.get("/api/registry/services/nobody").status()).isEqualTo(404);
    }

    @Test
    void theWatchStreamsRegistryChanges() {
        StepVerifier.create(running.http
                        .get()
                        .uri("/api/registry/watch")
                        .responseContent()
                        .asString(StandardCharsets.UTF_8)
                        .doOnNext(chunk -> {
                            if (chunk.startsWith(": watching")) {
                                // off the event loop: starting a service blocks here
                                Mono.fromRunnable(() -> running.start(Micro.service("newcomer")))
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .subscribe();
                            }
                        })
                        .filter(chunk -> chunk.contains("\"newcomer\""))
                        .next())
                .expectNextMatches(chunk -> chunk.contains("\"type\":\"CREATE\""))
                .verifyComplete();
    }

    @Test
    void publishesToATopicThroughTheServiceClient() {
        Answer a = running.post("/api/publish/news", "{\"text\":\"hot off the press\"}");
        assertThat(a.status()).isEqualTo(202);
        StepVerifier.create(received.asFlux().next())
                .expectNext(new Note("hot off the press"))
                .verifyComplete();
        assertThat(running.post("/api/publish/news", "{oops").status()).isEqualTo(400);
    }

    @Test
    void callsDebugHealthOnOneListedNode() {
        Service greeter = running.services.get(0);
        String address = greeter.server().address().orElseThrow();
        JsonNode health = running.get("/api/health/greeter?node=" + address).json();
        assertThat(health.get("status").asString()).isEqualTo("ok");
        assertThat(health.get("service").asString()).isEqualTo("greeter");
        assertThat(running.get("/api/health/greeter?node=127.0.0.1:1").status()).isEqualTo(404);
        assertThat(running.get("/api/health/greeter").status()).isEqualTo(400);
    }

    @Test
    void theDashboardInstanceAlsoServesTheCallRoutes() {
        assertThat(running.post("/greeter/hello", "{\"name\":\"web\"}")
                        .json()
                        .get("text")
                        .asString())
                .isEqualTo("Hello, web!");
    }
}
