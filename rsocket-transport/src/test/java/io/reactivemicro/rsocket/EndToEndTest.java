package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.CallOptions;
import io.reactivemicro.Debug;
import io.reactivemicro.Metadata;
import io.reactivemicro.Micro;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.rsocket.TestApi.Reply;
import io.reactivemicro.rsocket.TestApi.Req;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A real service and a real caller over RSocket on loopback; nothing mocked. */
class EndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    static Registry registry;
    static TestApi.Handler handler;
    static Service server;
    static Service caller;
    static TestApi api;

    @BeforeAll
    static void start() {
        registry = Registry.memory();
        handler = new TestApi.Handler();
        server = Micro.service("svc")
                .version("1.2.3")
                .registry(registry)
                .handler(TestApi.class, handler)
                .build();
        caller = Micro.service("caller").registry(registry).build();
        server.start().then(caller.start()).block(WAIT);
        api = caller.client().proxy(TestApi.class, "svc");
    }

    @AfterAll
    static void stop() {
        caller.stop().then(server.stop()).block(WAIT);
    }

    static Consumer<Throwable> code(int code) {
        return e -> assertThat(e).isInstanceOfSatisfying(MicroException.class, m -> assertThat(m.code())
                .as("code of %s", m)
                .isEqualTo(code));
    }

    @Test
    void requestResponseThroughTheProxy() {
        StepVerifier.create(api.hello(new Req("John")))
                .expectNext(new Reply("Hello, John!"))
                .verifyComplete();
    }

    @Test
    void requestResponseThroughCall() {
        StepVerifier.create(caller.client().call("svc", "TestApi.hello", new Req("Ann"), Reply.class))
                .expectNext(new Reply("Hello, Ann!"))
                .verifyComplete();
    }

    @Test
    void emptyReplyCompletesEmptyAfterTheHandlerRan() {
        long before = handler.forgotten.get();
        StepVerifier.create(api.forget(new Req("x"))).verifyComplete();
        StepVerifier.create(caller.client().call("svc", "TestApi.forget", new Req("y"), Void.class))
                .verifyComplete();
        assertThat(handler.forgotten.get()).isEqualTo(before + 2);
    }

    @Test
    void streamThroughTheProxyAndThroughStream() {
        StepVerifier.create(api.count(new Req("5")).map(Reply::text))
                .expectNext("1", "2", "3", "4", "5")
                .verifyComplete();
        StepVerifier.create(caller.client().stream("svc", "TestApi.count", new Req("3"), Reply.class))
                .expectNextCount(3)
                .verifyComplete();
    }

    @Test
    void channelThroughTheProxyAndThroughChannel() {
        StepVerifier.create(api.chat(Flux.just(new Req("a"), new Req("b"), new Req("c")))
                        .map(Reply::text))
                .expectNext("A", "B", "C")
                .verifyComplete();
        StepVerifier.create(caller.client()
                        .channel("svc", "TestApi.chat", Flux.just(new Req("x"), new Req("y")), Reply.class))
                .expectNext(new Reply("X"), new Reply("Y"))
                .verifyComplete();
    }

    @Test
    void channelWithOneMessageRoundTrips() {
        StepVerifier.create(api.chat(Flux.just(new Req("solo"))))
                .expectNext(new Reply("SOLO"))
                .verifyComplete();
    }

    @Test
    void demandCrossesTheNetwork() {
        long producedBefore = handler.produced.get();
        long demandedBefore = handler.demanded.get();
        StepVerifier.create(api.endless(new Req("go")), 0)
                .expectSubscription()
                .thenRequest(10)
                .expectNextCount(10)
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(handler.endlessCancelled.asMono()).verifyComplete();
        long produced = handler.produced.get() - producedBefore;
        long demanded = handler.demanded.get() - demandedBefore;
        assertThat(demanded).as("demand the server saw").isEqualTo(10);
        assertThat(produced).as("items the server produced").isEqualTo(10);
    }

    @Test
    void anUnboundedSubscriberLetsTheServerRunAtMostAWindowAhead() {
        long demandedBefore = handler.demanded.get();
        int received = 3 * DemandWindow.MESSAGES;
        StepVerifier.create(api.endless(new Req("go")).take(received, false))
                .expectNextCount(received)
                .verifyComplete();
        StepVerifier.create(handler.endlessCancelled.asMono()).verifyComplete();
        long demanded = handler.demanded.get() - demandedBefore;
        assertThat(demanded)
                .as("demand the server saw for a subscriber that asked for all")
                .isBetween((long) received, (long) received + DemandWindow.MESSAGES);
    }

    @Test
    void cancellingAStreamCancelsTheServerPublisher() {
        StepVerifier.create(api.endless(new Req("go")).take(3))
                .expectNextCount(3)
                .verifyComplete();
        StepVerifier.create(handler.endlessCancelled.asMono()).expectComplete().verify(WAIT);
    }

    @Test
    void cancellingAChannelCancelsTheServerPublisher() {
        StepVerifier.create(api.chat(Flux.<Req>never().startWith(new Req("first"))))
                .expectNext(new Reply("FIRST"))
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(handler.chatCancelled.asMono()).expectComplete().verify(WAIT);
    }

    @Test
    void timeoutFailsWith408AndCancelsTheHandler() {
        TestApi impatient = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().timeout(Duration.ofMillis(200)).build());
        StepVerifier.create(impatient.hang(new Req("x")))
                .expectErrorSatisfies(e -> {
                    code(408).accept(e);
                    assertThat(((MicroException) e).id()).isEqualTo("caller");
                    assertThat(((MicroException) e).detail()).isEqualTo("svc TestApi.hang timed out after 200 ms");
                })
                .verify(WAIT);
        StepVerifier.create(handler.hangCancelled.asMono()).expectComplete().verify(WAIT);
    }

    @Test
    void handlerErrorArrivesWithItsCodeAndDetail() {
        StepVerifier.create(api.conflict(new Req("alice")))
                .expectErrorSatisfies(e -> {
                    MicroException m = (MicroException) e;
                    assertThat(m.code()).isEqualTo(409);
                    assertThat(m.id()).isEqualTo("test");
                    assertThat(m.detail()).isEqualTo("alice is taken");
                    assertThat(m.status()).isEqualTo("Conflict");
                })
                .verify(WAIT);
    }

    @Test
    void handlerCrashIsA500AndTheServiceKeepsServing() {
        StepVerifier.create(api.boom(new Req("x")))
                .expectErrorSatisfies(e -> {
                    code(500).accept(e);
                    assertThat(((MicroException) e).id()).isEqualTo("svc");
                    assertThat(((MicroException) e).detail()).contains("boom: x");
                })
                .verify(WAIT);
        StepVerifier.create(api.hello(new Req("still"))).expectNextCount(1).verifyComplete();
    }

    @Test
    void unknownEndpointIs404() {
        StepVerifier.create(caller.client().call("svc", "TestApi.nope", new Req("x"), Reply.class))
                .expectErrorSatisfies(e -> {
                    code(404).accept(e);
                    assertThat(((MicroException) e).detail()).isEqualTo("unknown endpoint TestApi.nope");
                })
                .verify(WAIT);
    }

    @Test
    void unknownServiceIs404WithoutWaitingForTheTimeout() {
        Duration took = StepVerifier.create(caller.client().call("nobody", "X.y", new Req("x"), Reply.class))
                .expectErrorSatisfies(e -> {
                    code(404).accept(e);
                    assertThat(((MicroException) e).detail()).contains("nobody").contains("memory");
                })
                .verify(WAIT);
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void calledAsTheWrongInteractionIs400() {
        StepVerifier.create(caller.client().stream("svc", "TestApi.hello", new Req("x"), Reply.class))
                .expectErrorSatisfies(code(400))
                .verify(WAIT);
    }

    @Test
    void malformedJsonIs400NamingTheEndpointAndTheServerKeepsServing() {
        byte[] broken = "{\"name\":".getBytes(StandardCharsets.UTF_8);
        StepVerifier.create(caller.client()
                        .call(
                                "svc",
                                "TestApi.hello",
                                broken,
                                Reply.class,
                                CallOptions.builder().retries(0).build()))
                .expectErrorSatisfies(e -> {
                    code(400).accept(e);
                    assertThat(((MicroException) e).detail()).startsWith("TestApi.hello: malformed JSON");
                })
                .verify(WAIT);
        StepVerifier.create(api.hello(new Req("after"))).expectNextCount(1).verifyComplete();
    }

    @Test
    void aBearerTokenReachesTheHandlerAsAuthorization() {
        TestApi withToken = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().bearerToken("s3cret").build());
        StepVerifier.create(withToken.header(new Req(Metadata.AUTHORIZATION)))
                .expectNext(new Reply("Bearer s3cret"))
                .verifyComplete();
    }

    @Test
    void headersReachTheHandlersContext() {
        TestApi withUser = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().header("X-User", "bob").build());
        StepVerifier.create(withUser.header(new Req("x-user")))
                .expectNext(new Reply("bob"))
                .verifyComplete();
        StepVerifier.create(api.header(new Req(Metadata.FROM_SERVICE)))
                .expectNext(new Reply("caller"))
                .verifyComplete();
        StepVerifier.create(api.header(new Req(Metadata.DEADLINE)).map(r -> Long.parseLong(r.text())))
                .assertNext(deadline -> assertThat(deadline).isGreaterThan(System.currentTimeMillis()))
                .verifyComplete();
    }

    /** Calls started in the same millisecond share the headers with the deadline only if the deadline is the same. */
    @Test
    void eachCallSendsTheDeadlineOfItsOwnTimeout() {
        TestApi patient = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().timeout(Duration.ofMinutes(10)).build());
        long start = System.currentTimeMillis();
        // the default timeout is 5 s; the patient proxy's ten minutes must not be cut to it, nor the other way
        StepVerifier.create(
                        Flux.merge(api.header(new Req(Metadata.DEADLINE)), patient.header(new Req(Metadata.DEADLINE)))
                                .map(r -> Long.parseLong(r.text()) - start)
                                .collectList())
                .assertNext(offsets -> assertThat(offsets)
                        .anySatisfy(ms -> assertThat(ms).isBetween(4_000L, 6_000L))
                        .anySatisfy(ms -> assertThat(ms).isBetween(590_000L, 610_000L)))
                .verifyComplete();
    }

    @Test
    void bytesTravelRaw() {
        StepVerifier.create(api.reverse(new byte[] {1, 2, 3, (byte) 0xff}))
                .assertNext(b -> assertThat(b).containsExactly((byte) 0xff, 3, 2, 1))
                .verifyComplete();
    }

    @Test
    void jsonTreesTravelAsJsonWithoutJavaTypes() {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("name", "Tree");
        StepVerifier.create(caller.client().call("svc", "TestApi.hello", request, JsonNode.class))
                .assertNext(reply -> assertThat(reply.toString()).isEqualTo("{\"text\":\"Hello, Tree!\"}"))
                .verifyComplete();
        StepVerifier.create(caller.client().call("svc", "TestApi.forget", request, JsonNode.class))
                .verifyComplete();
    }

    @Test
    void aServiceNeverStartedIsAClientOnlyAndStopReleasesIt() {
        Service clientOnly = Micro.service("client-only").registry(registry).build();
        StepVerifier.create(clientOnly.client().call("svc", "TestApi.hello", new Req("Cli"), Reply.class))
                .expectNext(new Reply("Hello, Cli!"))
                .verifyComplete();
        assertThat(registry.getService("client-only").block(WAIT)).isEmpty();
        assertThat(clientOnly.server().address()).isEmpty();
        StepVerifier.create(clientOnly.stop()).verifyComplete();
        StepVerifier.create(clientOnly.start())
                .expectError(IllegalStateException.class)
                .verify(WAIT);
    }

    @Test
    void tenThousandConcurrentCallsOnOneConnectionAllSucceed() {
        // every call is in flight at once; the paranoid leak detector makes each one slow, so the deadline is
        // generous: this test is about concurrency on one connection, not latency
        TestApi patient = caller.client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().timeout(Duration.ofSeconds(60)).build());
        StepVerifier.create(Flux.range(0, 10_000)
                        .flatMap(i -> patient.hello(new Req("n" + i)), 10_000)
                        .filter(r -> r.text().startsWith("Hello, n"))
                        .count())
                .expectNext(10_000L)
                .verifyComplete();
    }

    @Test
    void fixedAddressBypassesTheRegistry() {
        String address = server.server().address().orElseThrow();
        StepVerifier.create(caller.client()
                        .call(
                                "not-registered",
                                "TestApi.hello",
                                new Req("direct"),
                                Reply.class,
                                CallOptions.builder().address(address).build()))
                .expectErrorSatisfies(code(404))
                .verify(WAIT);
        StepVerifier.create(caller.client()
                        .call(
                                "svc",
                                "TestApi.hello",
                                new Req("direct"),
                                Reply.class,
                                CallOptions.builder().address(address).build()))
                .expectNext(new Reply("Hello, direct!"))
                .verifyComplete();
    }

    @Test
    void everyServiceAnswersHealth() {
        StepVerifier.create(caller.client().proxy(Debug.class, "svc").health(new Debug.HealthRequest()))
                .assertNext(h -> {
                    assertThat(h.status()).isEqualTo("ok");
                    assertThat(h.service()).isEqualTo("svc");
                    assertThat(h.version()).isEqualTo("1.2.3");
                    assertThat(h.uptimeMillis()).isGreaterThanOrEqualTo(0);
                })
                .verifyComplete();
        StepVerifier.create(caller.client().call("svc", "Debug.health", new byte[0], Map.class))
                .assertNext(h -> assertThat(h).containsEntry("status", "ok"))
                .verifyComplete();
    }

    @Test
    @SuppressWarnings("unchecked")
    void registeredRecordCarriesEndpointsWithSchemasAndNodeMetadata() {
        List<ServiceRecord> records = registry.getService("svc").block(WAIT);
        assertThat(records).hasSize(1);
        ServiceRecord rec = records.get(0);
        assertThat(rec.version()).isEqualTo("1.2.3");
        assertThat(rec.nodes()).singleElement().satisfies(node -> {
            assertThat(node.address()).isEqualTo(server.server().address().orElseThrow());
            assertThat(node.metadata())
                    .containsEntry("transport", "rsocket")
                    .containsEntry("protocol", "rsocket")
                    .containsEntry("broker", "memory")
                    .containsEntry("registry", "memory");
        });
        EndpointRecord hello = rec.endpoints().stream()
                .filter(e -> e.name().equals("TestApi.hello"))
                .findFirst()
                .orElseThrow();
        assertThat(hello.stream()).isEqualTo("none");
        assertThat(hello.metadata()).containsEntry("idempotent", "true");
        assertThat((Map<String, Object>) hello.request().get("properties")).containsKey("name");
        assertThat(rec.endpoints())
                .extracting(EndpointRecord::name, EndpointRecord::stream)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("TestApi.endless", "server"),
                        org.assertj.core.groups.Tuple.tuple("TestApi.chat", "bidi"),
                        org.assertj.core.groups.Tuple.tuple("Debug.health", "none"));
    }

    @Test
    void proxyRunsObjectAndDefaultMethodsLocally() {
        assertThat(api.toString()).isEqualTo("TestApi client of svc");
        assertThat(api).isEqualTo(api);
        StepVerifier.create(Mono.fromSupplier(api::hashCode)).expectNextCount(1).verifyComplete();
    }
}
