package io.reactivemicro.rsocket;

import static io.reactivemicro.rsocket.EndToEndTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.CallOptions;
import io.reactivemicro.Interceptor;
import io.reactivemicro.Metadata;
import io.reactivemicro.Micro;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.registry.CountingRegistry;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.rsocket.TestApi.Reply;
import io.reactivemicro.rsocket.TestApi.Req;
import io.reactivemicro.selector.Selector;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportClient;
import io.reactivemicro.transport.TransportServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Limits, lifecycle and options, each with services built for the one test. */
class LimitsAndLifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    final Registry registry = Registry.memory();
    final List<Service> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        Flux.fromIterable(started).flatMap(Service::stop).blockLast(WAIT);
    }

    Service start(Service.Builder builder) {
        Service service = builder.registry(registry).build();
        service.start().block(WAIT);
        started.add(service);
        return service;
    }

    Service server(Service.Builder builder) {
        return start(builder.handler(TestApi.class, new TestApi.Handler()));
    }

    Service caller() {
        return start(Micro.service("caller"));
    }

    @Test
    void oversizedPayloadIs413AndTheConnectionKeepsServing() {
        server(Micro.service("svc").maxPayloadBytes(1024));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.hello(new Req("x".repeat(2048))))
                .expectErrorSatisfies(e -> {
                    code(413).accept(e);
                    assertThat(((MicroException) e).detail()).contains("over the limit of 1024");
                })
                .verify(WAIT);
        StepVerifier.create(api.hello(new Req("small")))
                .expectNext(new Reply("Hello, small!"))
                .verifyComplete();
    }

    @Test
    void aSelectorThatThrowsOrPicksNothingIsA500NamingItAndTheClientKeepsServing() {
        server(Micro.service("svc"));
        boolean[] broken = {true};
        Selector throwing = (candidates, load) -> {
            if (broken[0]) {
                throw new IllegalArgumentException("no weights configured");
            }
            return candidates.get(0);
        };
        TestApi api = start(Micro.service("caller").selector(throwing)).client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.hello(new Req("a")))
                .expectErrorSatisfies(e -> {
                    code(500).accept(e);
                    assertThat(((MicroException) e).detail())
                            .isEqualTo("picking a node of svc failed in the selector or a filter: "
                                    + "java.lang.IllegalArgumentException: no weights configured");
                })
                .verify(WAIT);
        StepVerifier.create(api.count(new Req("3")))
                .expectErrorSatisfies(code(500))
                .verify(WAIT);
        broken[0] = false;
        StepVerifier.create(api.hello(new Req("b")))
                .expectNext(new Reply("Hello, b!"))
                .verifyComplete();

        Selector none = (candidates, load) -> null;
        TestApi nothing =
                start(Micro.service("caller2").selector(none)).client().proxy(TestApi.class, "svc");
        StepVerifier.create(nothing.hello(new Req("c")))
                .expectErrorSatisfies(e -> {
                    code(500).accept(e);
                    assertThat(((MicroException) e).detail()).contains("picked none of 1 nodes");
                })
                .verify(WAIT);
    }

    @Test
    void replyOverTheCallersLimitIs413AndTheNextCallGoesThrough() {
        server(Micro.service("svc"));
        TestApi api =
                start(Micro.service("caller").maxPayloadBytes(1024)).client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.hello(new Req("x".repeat(1100))))
                .expectErrorSatisfies(e -> {
                    code(413).accept(e);
                    assertThat(((MicroException) e).detail())
                            .startsWith("reply of ")
                            .contains("over the limit of 1024");
                })
                .verify(WAIT);
        StepVerifier.create(api.hello(new Req("small")))
                .expectNext(new Reply("Hello, small!"))
                .verifyComplete();
    }

    @Test
    void defaultLimitAcceptsFourMebibytes() {
        server(Micro.service("svc"));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        String big = "y".repeat(4 * 1024 * 1024 - 64);
        StepVerifier.create(api.hello(new Req(big)).map(r -> r.text().length()))
                .expectNext(big.length() + "Hello, !".length())
                .verifyComplete();
        StepVerifier.create(api.hello(new Req(big + "z".repeat(128))))
                .expectErrorSatisfies(code(413))
                .verify(WAIT);
    }

    @Test
    void requestsBeyondTheInFlightLimitAre429() {
        server(Micro.service("svc").maxInFlightPerConnection(2));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        StepVerifier.create(Flux.range(0, 3)
                        .flatMap(i -> api.slow(new Req("500"))
                                .map(Reply::text)
                                .onErrorResume(e -> Mono.just("code " + ((MicroException) e).code())))
                        .collectList())
                .assertNext(
                        results -> assertThat(results).containsExactlyInAnyOrder("slept 500", "slept 500", "code 429"))
                .verifyComplete();
        StepVerifier.create(api.hello(new Req("later"))).expectNextCount(1).verifyComplete();
    }

    /**
     * A call that its caller cancels, or whose handler fails, gives its in-flight slot back. Frames of one
     * connection arrive in order: a call refused with 429 shows the hanging call holds the slot, and the next
     * call comes after the cancel (or the failure), so it finds the slot free or would be refused too.
     */
    @Test
    void cancelledAndFailedCallsFreeTheirInFlightSlot() {
        server(Micro.service("svc").maxInFlightPerConnection(1));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        // the connection is up before the first hanging call, so that it goes out ahead of the next one
        StepVerifier.create(api.hello(new Req("first"))).expectNextCount(1).verifyComplete();
        for (int i = 0; i < 3; i++) {
            Disposable hanging = api.hang(new Req("x")).subscribe(reply -> {}, e -> {});
            StepVerifier.create(api.hello(new Req("while it hangs")))
                    .expectErrorSatisfies(code(429))
                    .verify(WAIT);
            hanging.dispose();
            StepVerifier.create(api.hello(new Req("after a cancel")))
                    .expectNext(new Reply("Hello, after a cancel!"))
                    .verifyComplete();
            StepVerifier.create(api.boom(new Req("x")))
                    .expectErrorSatisfies(code(500))
                    .verify(WAIT);
            StepVerifier.create(api.hello(new Req("after a failure")))
                    .expectNext(new Reply("Hello, after a failure!"))
                    .verifyComplete();
        }
    }

    @Test
    void webSocketCarriesEveryInteraction() {
        Service ws = server(Micro.service("svc").address("ws://127.0.0.1:0"));
        assertThat(ws.server().address().orElseThrow()).startsWith("ws://127.0.0.1:");
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.hello(new Req("ws")))
                .expectNext(new Reply("Hello, ws!"))
                .verifyComplete();
        StepVerifier.create(api.count(new Req("3"))).expectNextCount(3).verifyComplete();
        StepVerifier.create(api.chat(Flux.just(new Req("a"), new Req("b"))))
                .expectNext(new Reply("A"), new Reply("B"))
                .verifyComplete();
    }

    @Test
    void stopDeregistersThenDrainsInFlightCalls() {
        Service svc = server(Micro.service("svc").gracePeriod(Duration.ofSeconds(5)));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        Sinks.One<Reply> inFlight = Sinks.one();
        api.slow(new Req("400")).subscribe(inFlight::tryEmitValue, inFlight::tryEmitError);
        // the slow call is on the wire once the server has it in flight; health shows the server is up
        StepVerifier.create(api.hello(new Req("warm"))).expectNextCount(1).verifyComplete();

        StepVerifier.create(svc.stop()).verifyComplete();

        StepVerifier.create(inFlight.asMono())
                .expectNext(new Reply("slept 400"))
                .verifyComplete();
        StepVerifier.create(registry.getService("svc")).expectNext(List.of()).verifyComplete();
        StepVerifier.create(api.hello(new Req("gone")))
                .expectErrorSatisfies(code(404))
                .verify(WAIT);
    }

    @Test
    void stopClosesStreamsThatOutliveTheGracePeriod() {
        Service svc = server(Micro.service("svc").gracePeriod(Duration.ofMillis(200)));
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.endless(new Req("x")), 1)
                .expectNextCount(1)
                .then(() -> svc.stop().block(WAIT))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MicroException.class))
                .verify(WAIT);
    }

    @Test
    void startingTwiceIsAnError() {
        Service svc = server(Micro.service("svc"));
        StepVerifier.create(svc.start())
                .expectError(IllegalStateException.class)
                .verify(WAIT);
    }

    /**
     * A node answers one call of its own over the wire before it registers, so the first caller to find it
     * does not pay for loading the server's call path; the connection that call used is closed again.
     */
    @Test
    void aServiceCallsItselfOverTheWireBeforeItRegisters() {
        CountingRegistry counting = new CountingRegistry(registry);
        List<String> seen = new CopyOnWriteArrayList<>();
        Interceptor recordCalls = chain -> {
            seen.add("answered " + chain.invocation().endpoint() + " from "
                    + chain.invocation().headers().get(Metadata.FROM_SERVICE) + ", registrations "
                    + counting.registrations());
            return chain.proceed(chain.invocation());
        };
        Transport recording = wrappingClients(client -> new ForwardingTransportClient(client) {
            @Override
            public void evict(String address) {
                seen.add("closed the connection to " + address + ", registrations " + counting.registrations());
                super.evict(address);
            }
        });
        Service svc = Micro.service("svc")
                .registry(counting)
                .transport(recording)
                .handlerInterceptor(recordCalls)
                .handler(TestApi.class, new TestApi.Handler())
                .build();
        svc.start().block(WAIT);
        started.add(svc);
        assertThat(seen)
                .startsWith(
                        "answered Debug.health from svc, registrations 0",
                        "closed the connection to " + svc.server().address().orElseThrow() + ", registrations 0");
        assertThat(counting.registrations()).isEqualTo(1);
    }

    @Test
    void busyAddressFailsStartWith503() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Service svc = Micro.service("svc")
                    .registry(registry)
                    .address("127.0.0.1:" + taken.getLocalPort())
                    .handler(TestApi.class, new TestApi.Handler())
                    .build();
            StepVerifier.create(svc.start()).expectErrorSatisfies(code(503)).verify(WAIT);
        }
        StepVerifier.create(registry.getService("svc")).expectNext(List.of()).verifyComplete();
    }

    @Test
    void callToANodeThatRefusesConnectionsIsRetriedOnAnother() throws Exception {
        server(Micro.service("svc"));
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        ServiceRecord dead = new ServiceRecord(
                "svc", "0.0.1", Map.of(), List.of(), List.of(new Node("dead", "127.0.0.1:" + deadPort, Map.of())));
        registry.register(dead, RegisterOptions.defaults()).block(WAIT);
        TestApi api = caller().client().proxy(TestApi.class, "svc");
        StepVerifier.create(Flux.range(0, 20)
                        .concatMap(i -> api.hello(new Req("r" + i)))
                        .count())
                .expectNext(20L)
                .verifyComplete();
        StepVerifier.create(caller().client()
                        .call(
                                "svc",
                                "TestApi.hello",
                                new Req("x"),
                                Reply.class,
                                CallOptions.builder()
                                        .address("127.0.0.1:" + deadPort)
                                        .retries(0)
                                        .build()))
                .expectErrorSatisfies(code(503))
                .verify(WAIT);
    }

    @Test
    void interceptorsRunInTheDocumentedOrderOnBothSides() {
        List<String> trace = new CopyOnWriteArrayList<>();
        Interceptor serverFirst = chain -> {
            trace.add("server-1 sees X-Step=" + chain.invocation().headers().get("X-Step"));
            return chain.proceed(chain.invocation());
        };
        Interceptor serverSecond = chain -> Flux.deferContextual(ctx -> {
            trace.add("server-2 context has X-Step=" + Metadata.from(ctx).get("X-Step"));
            return chain.proceed(chain.invocation());
        });
        server(Micro.service("svc").handlerInterceptor(serverFirst).handlerInterceptor(serverSecond));
        trace.clear(); // the service's call of itself before it registered
        Interceptor clientFirst = chain -> {
            trace.add("client-1");
            return chain.proceed(chain.invocation().withHeader("X-Step", "1"));
        };
        Interceptor clientSecond = chain -> {
            trace.add("client-2 sees X-Step=" + chain.invocation().headers().get("X-Step"));
            return chain.proceed(chain.invocation().withHeader("X-Step", "2"));
        };
        Service caller =
                start(Micro.service("caller").clientInterceptor(clientFirst).clientInterceptor(clientSecond));
        TestApi api = caller.client().proxy(TestApi.class, "svc");
        StepVerifier.create(api.header(new Req("X-Step")))
                .expectNext(new Reply("2"))
                .verifyComplete();
        assertThat(trace)
                .containsExactly(
                        "client-1",
                        "client-2 sees X-Step=1",
                        "server-1 sees X-Step=2",
                        "server-2 context has X-Step=2");
    }

    @Test
    void aHandlersOptionsHoldTheTimeLeftBeforeTheCallersDeadline() {
        List<CallOptions> seen = new CopyOnWriteArrayList<>();
        server(Micro.service("svc").handlerInterceptor(chain -> {
            seen.add(chain.invocation().options());
            return chain.proceed(chain.invocation());
        }));
        seen.clear(); // the service's call of itself before it registered
        TestApi api = caller().client()
                .proxy(
                        TestApi.class,
                        "svc",
                        CallOptions.builder().timeout(Duration.ofSeconds(30)).build());
        StepVerifier.create(api.hello(new Req("x"))).expectNextCount(1).verifyComplete();
        assertThat(seen).hasSize(1);
        CallOptions options = seen.get(0);
        assertThat(options.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(options.timeout()).isGreaterThan(Duration.ofSeconds(20));
        assertThat(options.retries()).isNull();
        assertThat(options.address()).isNull();
        assertThat(options.filters()).isEmpty();
        assertThat(options.headers().asMap()).isEmpty();
    }

    @Test
    void interceptorsRunAtSubscriptionAndAgainOnResubscription() {
        List<String> trace = new CopyOnWriteArrayList<>();
        server(Micro.service("svc"));
        Service caller = start(Micro.service("caller").clientInterceptor(chain -> {
            trace.add(chain.invocation().endpoint());
            return chain.proceed(chain.invocation());
        }));
        Mono<Reply> call = caller.client().proxy(TestApi.class, "svc").hello(new Req("lazy"));
        assertThat(trace).isEmpty();
        call.block(WAIT);
        call.block(WAIT);
        assertThat(trace).containsExactly("TestApi.hello", "TestApi.hello");
    }

    @Test
    void deadlinePropagatesFromAHandlerToTheCallsItMakes() {
        Service downstream = server(Micro.service("downstream"));
        TestApi next = downstream.client().proxy(TestApi.class, "downstream");
        Service relay = start(Micro.service("relay").handler(Relay.class, request -> next.hang(request)));
        Relay client = caller().client()
                .proxy(
                        Relay.class,
                        "relay",
                        CallOptions.builder().timeout(Duration.ofMillis(300)).build());
        Duration took = StepVerifier.create(client.relay(new Req("x")))
                .expectErrorSatisfies(code(408))
                .verify(WAIT);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(relay.server().endpoints()).extracting(e -> e.name()).contains("Relay.relay");
    }

    interface Relay {
        Mono<Reply> relay(Req request);
    }

    @Test
    void subscriberReceivesPublishedMessagesWithTheSendersHeaders() {
        io.reactivemicro.broker.Broker broker = io.reactivemicro.broker.Broker.memory();
        Sinks.Many<String> received = Sinks.many().replay().all();
        start(Micro.service("listener")
                .broker(broker)
                .subscribe(
                        "greetings",
                        Reply.class,
                        reply -> Mono.deferContextual(ctx -> {
                            received.tryEmitNext(
                                    reply.text() + " from " + Metadata.from(ctx).get(Metadata.FROM_SERVICE));
                            return Mono.empty();
                        })));
        Service publisher = start(Micro.service("publisher").broker(broker));
        StepVerifier.create(publisher.client().publish("greetings", new Reply("hi")))
                .verifyComplete();
        StepVerifier.create(received.asFlux().next())
                .expectNext("hi from publisher")
                .verifyComplete();
    }

    /** A transport client that passes everything to another. */
    /**
     * A request-response call ends with its reply: nothing cancels the transport's call afterwards (with no
     * interceptor in between, the proxy's {@code Mono} is the call's own, not a {@code Mono.from} of a flux).
     */
    @Test
    void aReplyEndsAUnaryCallWithoutCancellingIt() {
        server(Micro.service("svc"));
        List<String> cancelled = new CopyOnWriteArrayList<>();
        Transport counting = wrappingClients(client -> new ForwardingTransportClient(client) {
            @Override
            public Mono<byte[]> requestResponse(String address, Request request) {
                return super.requestResponse(address, request).doOnCancel(() -> cancelled.add(request.endpoint()));
            }
        });
        TestApi api =
                start(Micro.service("caller").transport(counting)).client().proxy(TestApi.class, "svc");
        StepVerifier.create(Flux.range(0, 10)
                        .concatMap(i -> api.hello(new Req("r" + i)))
                        .count())
                .expectNext(10L)
                .verifyComplete();
        assertThat(cancelled).isEmpty();
    }

    /** The RSocket transport, with each client it makes wrapped by {@code wrap}. */
    static Transport wrappingClients(UnaryOperator<TransportClient> wrap) {
        Transport rsocket = new RSocketTransport();
        return new Transport() {
            @Override
            public String name() {
                return rsocket.name();
            }

            @Override
            public Mono<TransportServer> serve(ServerSettings settings, RequestHandler handler) {
                return rsocket.serve(settings, handler);
            }

            @Override
            public TransportClient client(ClientSettings settings) {
                return wrap.apply(rsocket.client(settings));
            }
        };
    }

    static class ForwardingTransportClient implements TransportClient {
        private final TransportClient delegate;

        ForwardingTransportClient(TransportClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<byte[]> requestResponse(String address, Request request) {
            return delegate.requestResponse(address, request);
        }

        @Override
        public Flux<byte[]> requestStream(String address, Request request) {
            return delegate.requestStream(address, request);
        }

        @Override
        public Flux<byte[]> requestChannel(String address, Request header, Flux<byte[]> messages) {
            return delegate.requestChannel(address, header, messages);
        }

        @Override
        public Mono<Void> fireAndForget(String address, Request request) {
            return delegate.fireAndForget(address, request);
        }

        @Override
        public Flux<String> disconnects() {
            return delegate.disconnects();
        }

        @Override
        public void evict(String address) {
            delegate.evict(address);
        }

        @Override
        public void dispose() {
            delegate.dispose();
        }

        @Override
        public boolean isDisposed() {
            return delegate.isDisposed();
        }
    }
}
