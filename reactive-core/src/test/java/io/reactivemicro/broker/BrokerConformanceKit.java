package io.reactivemicro.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The behaviour every {@link Broker} shares. A plugin's test extends this kit and supplies a broker talking to
 * the real backend; topics are unique per test so that a shared server needs no cleaning.
 */
public abstract class BrokerConformanceKit {

    protected static final Duration WAIT = Duration.ofSeconds(10);

    /** How long the 100,000-message test may take to publish, and then to receive. */
    protected static final Duration BULK_WAIT = Duration.ofSeconds(90);

    protected Broker broker;
    protected String topic;

    /** A broker for one test; closed in {@link #close(Broker)}. */
    protected abstract Broker newBroker();

    protected void close(Broker broker) {}

    /**
     * How long a new subscription takes to be in place on the backend: messages published sooner may be
     * missed (as with any pub/sub). Zero for the memory broker.
     */
    protected Duration settle() {
        return Duration.ofMillis(300);
    }

    /** False for a backend that refuses queue groups (Redis pub/sub): the kit then expects a 400. */
    protected boolean supportsQueueGroups() {
        return true;
    }

    /** The payload size for {@link #largePayloadArrivesIntact()}. */
    protected int largePayloadBytes() {
        return 512 * 1024;
    }

    @BeforeEach
    void openBroker() {
        broker = newBroker();
        topic = "kit." + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeBroker() {
        close(broker);
    }

    protected static Message text(String body) {
        return Message.of(Metadata.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    protected static String text(Message m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    protected Collector<Message> subscribe(SubscribeOptions options) {
        Collector<Message> c = Collector.of(broker.subscribe(topic, options));
        return c;
    }

    protected void publish(String body) {
        StepVerifier.create(broker.publish(topic, text(body))).expectComplete().verify(WAIT);
    }

    protected void settleNow() {
        Collector.sleep(settle());
    }

    private static final String PROBE = "probe-";

    /**
     * Publishes probes every 50 ms until each collector of {@code each} and at least one of {@code anyOf} has
     * received one, that is until those subscriptions are in place on the backend.
     */
    protected void awaitProbe(List<Collector<Message>> each, List<Collector<Message>> anyOf) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int i = 0;
        while (!(each.stream().allMatch(c -> hasProbe(c)) && anyOf.stream().anyMatch(c -> hasProbe(c)))) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("subscriptions not in place after " + WAIT);
            }
            publish(PROBE + i++);
            Collector.sleep(Duration.ofMillis(50));
        }
    }

    private static boolean hasProbe(Collector<Message> c) {
        return c.items.stream().anyMatch(m -> text(m).startsWith(PROBE));
    }

    protected static List<Message> withoutProbes(Collector<Message> c) {
        return c.items.stream().filter(m -> !text(m).startsWith(PROBE)).toList();
    }

    @Test
    void publishedMessageIsDelivered() {
        try (Collector<Message> c = subscribe(SubscribeOptions.broadcast())) {
            settleNow();
            publish("hello");
            assertThat(c.awaitCount(1, WAIT))
                    .extracting(BrokerConformanceKit::text)
                    .containsExactly("hello");
        }
    }

    @Test
    void messagesFromOnePublisherArriveInOrder() {
        try (Collector<Message> c = subscribe(SubscribeOptions.broadcast())) {
            settleNow();
            for (int i = 0; i < 50; i++) {
                publish("m" + i);
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add("m" + i);
            }
            assertThat(c.awaitCount(50, WAIT))
                    .extracting(BrokerConformanceKit::text)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyBroadcastSubscriberGetsEveryMessage() {
        List<Collector<Message>> subscribers = List.of(
                subscribe(SubscribeOptions.broadcast()),
                subscribe(SubscribeOptions.broadcast()),
                subscribe(SubscribeOptions.broadcast()));
        try {
            settleNow();
            for (int i = 0; i < 10; i++) {
                publish("m" + i);
            }
            for (Collector<Message> c : subscribers) {
                assertThat(c.awaitCount(10, WAIT)).hasSize(10);
            }
            Collector.sleep(Duration.ofMillis(200));
            subscribers.forEach(c -> assertThat(c.items).hasSize(10));
        } finally {
            subscribers.forEach(Collector::cancel);
        }
    }

    @Test
    void eachMessageGoesToExactlyOneMemberOfAQueueGroup() {
        if (!supportsQueueGroups()) {
            assertThatThrownBy(() -> broker.subscribe(topic, SubscribeOptions.queue("workers"))
                            .blockFirst(WAIT))
                    .isInstanceOfSatisfying(
                            MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
            return;
        }
        List<Collector<Message>> members = List.of(
                subscribe(SubscribeOptions.queue("workers")),
                subscribe(SubscribeOptions.queue("workers")),
                subscribe(SubscribeOptions.queue("workers")));
        Collector<Message> otherGroup = subscribe(SubscribeOptions.queue("auditors"));
        Collector<Message> broadcast = subscribe(SubscribeOptions.broadcast());
        try {
            settleNow();
            // a cold remote subscription may take longer than settle(): probe until each kind has one in place
            awaitProbe(List.of(otherGroup, broadcast), members);
            int n = 60;
            for (int i = 0; i < n; i++) {
                publish("m" + i);
            }
            Collector.await(
                    () -> withoutProbes(otherGroup).size() >= n
                            && withoutProbes(broadcast).size() >= n,
                    WAIT,
                    () -> "other group got " + withoutProbes(otherGroup).size() + ", broadcast "
                            + withoutProbes(broadcast).size());
            Collector.await(
                    () -> members.stream()
                                    .mapToInt(c -> withoutProbes(c).size())
                                    .sum()
                            >= n,
                    WAIT,
                    () -> "group got "
                            + members.stream().mapToInt(c -> c.items.size()).sum());
            Collector.sleep(Duration.ofMillis(300));
            List<String> all = new ArrayList<>();
            members.forEach(c -> c.items.forEach(m -> all.add(text(m))));
            all.removeIf(t -> t.startsWith(PROBE));
            assertThat(all).hasSize(n).doesNotHaveDuplicates();
            assertThat(withoutProbes(otherGroup)).hasSize(n);
            assertThat(withoutProbes(broadcast)).hasSize(n);
        } finally {
            members.forEach(Collector::cancel);
            otherGroup.cancel();
            broadcast.cancel();
        }
    }

    @Test
    void cancellingTheFluxUnsubscribes() {
        Collector<Message> cancelled = subscribe(SubscribeOptions.broadcast());
        try (Collector<Message> stays = subscribe(SubscribeOptions.broadcast())) {
            settleNow();
            publish("before");
            cancelled.awaitCount(1, WAIT);
            stays.awaitCount(1, WAIT);
            cancelled.cancel();
            settleNow();
            publish("after");
            stays.awaitCount(2, WAIT);
            Collector.sleep(Duration.ofMillis(200));
            assertThat(cancelled.items).extracting(BrokerConformanceKit::text).containsExactly("before");
        }
    }

    @Test
    void headersArriveIntact() {
        Metadata headers = Metadata.empty()
                .with(Message.CONTENT_TYPE, "text/plain")
                .with("X-User", "bob")
                .with("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        try (Collector<Message> c = subscribe(SubscribeOptions.broadcast())) {
            settleNow();
            StepVerifier.create(broker.publish(topic, Message.of(headers, new byte[] {1, 2, 3})))
                    .expectComplete()
                    .verify(WAIT);
            Message m = c.awaitCount(1, WAIT).get(0);
            assertThat(m.headers().asMap()).containsAllEntriesOf(headers.asMap());
            assertThat(m.body()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void largePayloadArrivesIntact() {
        byte[] body = new byte[largePayloadBytes()];
        new java.util.Random(42).nextBytes(body);
        try (Collector<Message> c = subscribe(SubscribeOptions.broadcast())) {
            settleNow();
            StepVerifier.create(broker.publish(topic, Message.of(Metadata.empty(), body)))
                    .expectComplete()
                    .verify(WAIT);
            assertThat(c.awaitCount(1, WAIT).get(0).body()).isEqualTo(body);
        }
    }

    @Test
    void publishingToATopicWithoutSubscribersCompletes() {
        StepVerifier.create(broker.publish("kit.nobody." + UUID.randomUUID(), text("lost")))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void invalidTopicIsABadRequest() {
        for (String bad : List.of("", "a b", "a.*", "a.>", ".a", "a..b", "x".repeat(256))) {
            assertThatThrownBy(() -> broker.publish(bad, text("x")))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
            assertThatThrownBy(() -> broker.subscribe(bad, SubscribeOptions.broadcast()))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
        }
    }

    @Test
    void aSubscriberThatFallsBehindFailsWith429UnderOverflowError() {
        SubscribeOptions options = SubscribeOptions.broadcast().withBuffer(16, SubscribeOptions.Overflow.ERROR);
        StepVerifier.create(broker.subscribe(topic, options), 0)
                .then(this::settleNow)
                .then(() -> {
                    for (int i = 0; i < 100; i++) {
                        publish("m" + i);
                    }
                })
                .expectErrorSatisfies(e -> assertThat(MicroException.hasCode(e, 429))
                        .as(e.toString())
                        .isTrue())
                .verify(WAIT);
    }

    @Test
    void aSubscriberThatFallsBehindLosesTheOldestUnderDropOldest() {
        LongAdder dropped = new LongAdder();
        SubscribeOptions options = SubscribeOptions.broadcast()
                .withBuffer(16, SubscribeOptions.Overflow.DROP_OLDEST)
                .withDropCounter(dropped);
        StepVerifier.create(broker.subscribe(topic, options), 0)
                .then(this::settleNow)
                .then(() -> {
                    for (int i = 0; i < 100; i++) {
                        publish("m" + i);
                    }
                    Collector.await(() -> dropped.sum() == 84, WAIT, () -> "dropped " + dropped.sum());
                })
                .thenRequest(16)
                .expectNextCount(15)
                .assertNext(m -> assertThat(text(m)).isEqualTo("m99"))
                .thenCancel()
                .verify(WAIT);
        assertThat(dropped.sum()).isEqualTo(84);
    }

    /** Publishing and subscribing from Reactor's non-blocking threads: BlockHound (installed in tests) fails a block. */
    @Test
    void publishingAndSubscribingOnNonBlockingThreadsNeverBlock() {
        int n = 1000;
        try (Collector<Message> c = Collector.of(
                broker.subscribe(topic, SubscribeOptions.broadcast().withBuffer(n, SubscribeOptions.Overflow.ERROR))
                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()))) {
            // the subscription is made on another thread: wait until it is in place before counting
            awaitProbe(List.of(c), List.of(c));
            int probes = c.items.size();
            Flux.range(0, n)
                    .concatMap(i -> broker.publish(topic, text("m" + i))
                            .subscribeOn(reactor.core.scheduler.Schedulers.parallel()))
                    .then()
                    .block(Duration.ofSeconds(30));
            c.awaitCount(probes + n, WAIT);
            assertThat(withoutProbes(c)).hasSize(n);
        }
    }

    /**
     * Bounded by {@link #BULK_WAIT} rather than the usual minute: with Netty's leak detector at paranoid (as in
     * every test here) a Netty-based broker records a stack trace per buffer access, and the flood takes time.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 200, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aHundredThousandMessagesArriveWithoutLoss() {
        int n = 100_000;
        SubscribeOptions options = SubscribeOptions.broadcast().withBuffer(n, SubscribeOptions.Overflow.ERROR);
        try (Collector<Message> c = subscribe(options)) {
            settleNow();
            Flux.range(0, n)
                    .flatMap(i -> broker.publish(topic, text(Integer.toString(i))), 256)
                    .then()
                    .block(BULK_WAIT);
            c.awaitCount(n, BULK_WAIT);
            Set<String> distinct = new HashSet<>();
            c.items.forEach(m -> distinct.add(text(m)));
            assertThat(distinct).hasSize(n);
        }
    }
}
