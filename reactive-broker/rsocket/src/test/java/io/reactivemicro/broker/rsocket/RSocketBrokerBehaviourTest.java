package io.reactivemicro.broker.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Metadata;
import io.reactivemicro.Micro;
import io.reactivemicro.MicroException;
import io.reactivemicro.Service;
import io.reactivemicro.broker.Collector;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.rsocket.RSocketTransport;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.TransportClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What is particular to the rsocket broker: its registry records, unreachable members, its wire, services. */
class RSocketBrokerBehaviourTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Registry registry = Registry.memory();
    private final List<RSocketBroker> brokers = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(s -> s.stop().block(WAIT));
        brokers.forEach(RSocketBroker::dispose);
    }

    private RSocketBroker broker() {
        RSocketBroker b = RSocketBrokerTest.node(registry);
        brokers.add(b);
        return b;
    }

    private static Message text(String s) {
        return Message.of(Metadata.empty(), s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Message m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    private List<ServiceRecord> records(String topic) {
        return registry.getService(RSocketBroker.SERVICE_PREFIX + topic).block(WAIT);
    }

    @Test
    void aSubscriptionIsAdvertisedWhileItLastsAndWithdrawnByItsLastSubscriber() {
        RSocketBroker b = broker();
        Collector<Message> first = Collector.of(b.subscribe("orders", SubscribeOptions.queue("billing")));
        Collector<Message> second = Collector.of(b.subscribe("orders", SubscribeOptions.queue("billing")));
        Collector.await(() -> records("orders").size() == 1, WAIT, () -> "records " + records("orders"));
        ServiceRecord record = records("orders").get(0);
        assertThat(record.version()).isEqualTo("queue:billing");
        assertThat(record.nodes()).singleElement().satisfies(n -> {
            assertThat(n.metadata()).containsEntry("broker", "rsocket").containsEntry("queue", "billing");
            assertThat(n.address()).startsWith("127.0.0.1:");
        });

        first.cancel();
        Collector.sleep(Duration.ofMillis(200));
        assertThat(records("orders")).hasSize(1); // the second subscriber still needs it
        second.cancel();
        Collector.await(() -> records("orders").isEmpty(), WAIT, () -> "records " + records("orders"));
    }

    @Test
    void aMessageForAGroupSkipsAMemberThatIsGone() throws IOException {
        RSocketBroker subscriber = broker();
        RSocketBroker publisher = broker();
        registerDeadMember("jobs", "workers");
        try (Collector<Message> live = Collector.of(subscriber.subscribe("jobs", SubscribeOptions.queue("workers")))) {
            Collector.await(() -> records("jobs").get(0).nodes().size() == 2, WAIT, () -> "records " + records("jobs"));
            for (int i = 0; i < 20; i++) {
                StepVerifier.create(publisher.publish("jobs", text("job" + i)))
                        .expectComplete()
                        .verify(WAIT);
            }
            assertThat(live.awaitCount(20, WAIT))
                    .extracting(RSocketBrokerBehaviourTest::text)
                    .containsExactlyElementsOf(
                            IntStream.range(0, 20).mapToObj(i -> "job" + i).toList());
        }
    }

    @Test
    void aGroupWithNoReachableMemberFailsThePublishWith503() throws IOException {
        RSocketBroker publisher = broker();
        registerDeadMember("jobs", "workers");
        StepVerifier.create(publisher.publish("jobs", text("lost")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(MicroException.class, m -> {
                    assertThat(m.code()).isEqualTo(503);
                    assertThat(m.detail()).contains("workers", "jobs");
                }))
                .verify(WAIT);
    }

    @Test
    void aBrokerNodeRefusesOtherInteractionsWith404AndKeepsServing() {
        RSocketBroker subscriber = broker();
        RSocketBroker publisher = broker();
        try (Collector<Message> c = Collector.of(subscriber.subscribe("news", SubscribeOptions.broadcast()))) {
            Collector.await(() -> records("news").size() == 1, WAIT, () -> "not advertised");
            String address = records("news").get(0).nodes().get(0).address();
            TransportClient raw =
                    RSocketTransport.create().client(new ClientSettings("test", 1 << 20, Duration.ofSeconds(5)));
            try {
                Request call = new Request("Greeter.hello", null, Metadata.empty(), null, null, new byte[] {'{', '}'});
                StepVerifier.create(raw.requestResponse(address, call))
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOfSatisfying(MicroException.class, m -> assertThat(m.code())
                                        .isEqualTo(404)))
                        .verify(WAIT);
                // a fire-and-forget without a topic, and one on another route: dropped, nothing delivered
                StepVerifier.create(raw.fireAndForget(
                                address,
                                new Request(RSocketBroker.ROUTE, null, Metadata.empty(), null, null, new byte[1])))
                        .verifyComplete();
                StepVerifier.create(raw.fireAndForget(
                                address,
                                new Request(
                                        "Other.route",
                                        null,
                                        Metadata.empty().with(RSocketBroker.TOPIC, "news"),
                                        null,
                                        null,
                                        new byte[1])))
                        .verifyComplete();
            } finally {
                raw.dispose();
            }
            StepVerifier.create(publisher.publish("news", text("still serving")))
                    .verifyComplete();
            assertThat(c.awaitCount(1, WAIT))
                    .extracting(RSocketBrokerBehaviourTest::text)
                    .containsExactly("still serving");
        }
    }

    @Test
    void aDisposedBrokerWithdrawsItsAdvertisementsAndRefusesWork() {
        RSocketBroker b = broker();
        Collector<Message> c = Collector.of(b.subscribe("news", SubscribeOptions.broadcast()));
        Collector.await(() -> records("news").size() == 1, WAIT, () -> "not advertised");
        b.dispose();
        Collector.await(() -> records("news").isEmpty(), WAIT, () -> "still advertised");
        StepVerifier.create(b.publish("news", text("late")))
                .expectErrorSatisfies(
                        e -> assertThat(((MicroException) e).code()).isEqualTo(503))
                .verify(WAIT);
        c.cancel();
    }

    record Greeting(String text) {}

    @Test
    void servicesPublishAndSubscribeThroughTheDefaultBroker() {
        Map<String, Set<String>> seenBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> senders = new ConcurrentLinkedQueue<>();
        for (String name : List.of("worker-a", "worker-b")) {
            services.add(Micro.service(name)
                    .registry(registry)
                    .subscribe(
                            "greetings",
                            "workers",
                            Greeting.class,
                            g -> Mono.deferContextual(ctx -> {
                                senders.add(Metadata.from(ctx).get(Metadata.FROM_SERVICE));
                                seenBy.computeIfAbsent(g.text(), k -> ConcurrentHashMap.newKeySet())
                                        .add(name);
                                return Mono.empty();
                            }))
                    .build());
        }
        ConcurrentLinkedQueue<String> audited = new ConcurrentLinkedQueue<>();
        services.add(Micro.service("auditor")
                .registry(registry)
                .subscribe("greetings", Greeting.class, g -> Mono.fromRunnable(() -> audited.add(g.text())))
                .build());
        Service sender = Micro.service("sender").registry(registry).build();
        services.add(sender);
        services.forEach(s -> s.start().block(WAIT));
        Collector.await(
                () -> records("greetings").stream()
                                .mapToInt(r -> r.nodes().size())
                                .sum()
                        == 3,
                WAIT,
                () -> "records " + records("greetings"));

        int n = 40;
        for (int i = 0; i < n; i++) {
            StepVerifier.create(sender.client().publish("greetings", new Greeting("hello " + i)))
                    .verifyComplete();
        }
        Collector.await(
                () -> audited.size() == n && seenBy.size() == n,
                WAIT,
                () -> "audited " + audited.size() + ", workers " + seenBy.size());
        assertThat(seenBy.values()).allSatisfy(members -> assertThat(members).hasSize(1));
        assertThat(seenBy.values().stream().flatMap(Set::stream).distinct())
                .containsExactlyInAnyOrder("worker-a", "worker-b");
        assertThat(senders).hasSize(n).containsOnly("sender");
    }

    /** A group member whose address nothing listens on: a node that died without withdrawing. */
    private void registerDeadMember(String topic, String queue) throws IOException {
        String dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
        Node node = new Node("dead-node", dead, Map.of("broker", "rsocket", "queue", queue));
        ServiceRecord record = new ServiceRecord(
                RSocketBroker.SERVICE_PREFIX + topic,
                RSocketBroker.QUEUE_PREFIX + queue,
                Map.of(),
                List.of(),
                List.of(node));
        registry.register(record, RegisterOptions.ttl(Duration.ofMinutes(1))).block(WAIT);
    }
}
