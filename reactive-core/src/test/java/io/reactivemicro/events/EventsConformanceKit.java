package io.reactivemicro.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Collector;
import io.reactivemicro.broker.Message;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The behaviour every {@link Events} backend shares: durable, at-least-once, groups with durable positions,
 * offsets, ack/nack, ack-wait redelivery and retry limits. A plugin's test extends this kit against the real
 * server; topics and groups are unique per test.
 */
public abstract class EventsConformanceKit {

    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected Events events;
    protected String topic;
    protected String group;

    protected abstract Events newEvents();

    protected void close(Events events) {}

    /**
     * The {@link EventsProvider} name and address a child JVM uses to join a group, or {@code null} when the
     * backend cannot be shared between processes (memory).
     */
    protected String[] childProcessBackend() {
        return new String[0];
    }

    /** How long a new consumer takes to be in place, for consumers of new events only. */
    protected Duration settle() {
        return Duration.ofMillis(300);
    }

    @BeforeEach
    void openEvents() {
        events = newEvents();
        String id = UUID.randomUUID().toString().substring(0, 8);
        topic = "kit.events." + id;
        group = "g-" + id;
    }

    @AfterEach
    void closeEvents() {
        close(events);
    }

    protected static Message text(String body) {
        return Message.of(Metadata.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    protected static String text(Event e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    protected void publish(String body) {
        StepVerifier.create(events.publish(topic, text(body))).expectComplete().verify(WAIT);
    }

    protected ConsumeOptions inGroup() {
        return ConsumeOptions.group(group).withOffset(Instant.EPOCH);
    }

    @Test
    void publishedEventIsConsumedWithItsMetadata() {
        Metadata md = Metadata.empty().with("X-User", "bob").with(Message.CONTENT_TYPE, "text/plain");
        Instant before = Instant.now().minusSeconds(1);
        StepVerifier.create(events.publish(topic, Message.of(md, "hello".getBytes(StandardCharsets.UTF_8))))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(events.consume(topic, inGroup()))
                .assertNext(e -> {
                    assertThat(text(e)).isEqualTo("hello");
                    assertThat(e.topic()).isEqualTo(topic);
                    assertThat(e.id()).isNotEmpty();
                    assertThat(e.metadata().asMap()).containsAllEntriesOf(md.asMap());
                    assertThat(e.timestamp()).isAfter(before);
                    assertThat(e.deliveryCount()).isEqualTo(1);
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void eventsOfOneTopicArriveInPublishOrder() {
        for (int i = 0; i < 200; i++) {
            publish("e" + i);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("e" + i);
        }
        try (Collector<Event> c = Collector.of(events.consume(topic, inGroup()))) {
            assertThat(c.awaitCount(200, WAIT))
                    .extracting(EventsConformanceKit::text)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void membersOfAGroupShareTheEventsAndOtherGroupsGetThemAll() {
        Collector<Event> a = Collector.of(events.consume(topic, inGroup()));
        Collector<Event> b = Collector.of(events.consume(topic, inGroup()));
        Collector<Event> other = Collector.of(events.consume(topic, inGroup().withGroup(group + "-other")));
        try {
            Collector.sleep(settle());
            int n = 40;
            for (int i = 0; i < n; i++) {
                publish("e" + i);
            }
            other.awaitCount(n, WAIT);
            Collector.await(
                    () -> a.items.size() + b.items.size() >= n,
                    WAIT,
                    () -> "a " + a.items.size() + " b " + b.items.size());
            Collector.sleep(Duration.ofMillis(300));
            List<String> all = new ArrayList<>();
            a.items.forEach(e -> all.add(text(e)));
            b.items.forEach(e -> all.add(text(e)));
            assertThat(all).hasSize(n).doesNotHaveDuplicates();
            assertThat(other.items).hasSize(n);
        } finally {
            a.cancel();
            b.cancel();
            other.cancel();
        }
    }

    @Test
    void aConsumerWithoutGroupOrOffsetGetsOnlyNewEvents() {
        publish("old");
        try (Collector<Event> c = Collector.of(events.consume(topic, ConsumeOptions.defaults()))) {
            Collector.sleep(settle());
            publish("new");
            assertThat(c.awaitCount(1, WAIT))
                    .extracting(EventsConformanceKit::text)
                    .containsExactly("new");
            Collector.sleep(Duration.ofMillis(200));
            assertThat(c.items).hasSize(1);
        }
    }

    @Test
    void aGroupThatStartsLaterReplaysFromTheBeginning() {
        for (int i = 0; i < 5; i++) {
            publish("e" + i);
        }
        try (Collector<Event> c = Collector.of(events.consume(topic, inGroup()))) {
            assertThat(c.awaitCount(5, WAIT))
                    .extracting(EventsConformanceKit::text)
                    .containsExactly("e0", "e1", "e2", "e3", "e4");
        }
    }

    @Test
    void aGroupThatStartsLaterReplaysFromTheRequestedTime() {
        publish("before-1");
        publish("before-2");
        Collector.sleep(Duration.ofMillis(200));
        Instant from = Instant.now();
        Collector.sleep(Duration.ofMillis(200));
        publish("after-1");
        publish("after-2");
        try (Collector<Event> c =
                Collector.of(events.consume(topic, ConsumeOptions.group(group).withOffset(from)))) {
            assertThat(c.awaitCount(2, WAIT))
                    .extracting(EventsConformanceKit::text)
                    .containsExactly("after-1", "after-2");
            Collector.sleep(Duration.ofMillis(200));
            assertThat(c.items).hasSize(2);
        }
    }

    @Test
    void aGroupKeepsItsPositionAcrossConsumers() {
        // A backend that pulls ahead (JetStream) may hand e2 to the first consumer's still-open pull after it
        // cancelled; at-least-once then redelivers it after the ack wait, so keep that short here.
        ConsumeOptions options = inGroup().withAckWait(Duration.ofSeconds(2));
        publish("e0");
        publish("e1");
        StepVerifier.create(events.consume(topic, options).take(2))
                .expectNextCount(2)
                .expectComplete()
                .verify(WAIT);
        publish("e2");
        try (Collector<Event> c = Collector.of(events.consume(topic, options))) {
            assertThat(c.awaitCount(1, WAIT))
                    .extracting(EventsConformanceKit::text)
                    .containsExactly("e2");
            Collector.sleep(Duration.ofMillis(300));
            assertThat(c.items).hasSize(1);
        }
    }

    @Test
    void aNackedEventIsRedelivered() {
        publish("again");
        List<Integer> deliveries = new ArrayList<>();
        StepVerifier.create(events.consume(topic, inGroup().manualAck())
                        .concatMap(e -> {
                            deliveries.add(e.deliveryCount());
                            return (e.deliveryCount() == 1 ? e.nack() : e.ack()).thenReturn(e);
                        })
                        .take(2))
                .expectNextCount(2)
                .expectComplete()
                .verify(WAIT);
        assertThat(deliveries).containsExactly(1, 2);
    }

    @Test
    void anUnackedEventIsRedeliveredToAnotherMemberAfterTheAckWait() {
        ConsumeOptions options = inGroup().manualAck().withAckWait(Duration.ofSeconds(1));
        publish("work");
        StepVerifier.create(events.consume(topic, options).take(1))
                .assertNext(e -> assertThat(e.deliveryCount()).isEqualTo(1))
                .expectComplete()
                .verify(WAIT);
        long start = System.nanoTime();
        StepVerifier.create(events.consume(topic, options).take(1).concatMap(e -> e.ack()
                        .thenReturn(e)))
                .assertNext(e -> {
                    assertThat(text(e)).isEqualTo("work");
                    assertThat(e.deliveryCount()).isGreaterThanOrEqualTo(2);
                })
                .expectComplete()
                .verify(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anAckedEventIsNeverRedelivered() {
        ConsumeOptions options = inGroup().manualAck().withAckWait(Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) {
            publish("e" + i);
        }
        try (Collector<Event> c = Collector.of(
                events.consume(topic, options).concatMap(e -> e.ack().thenReturn(e)))) {
            c.awaitCount(10, WAIT);
            Collector.sleep(Duration.ofMillis(2500));
            assertThat(c.items).hasSize(10).allSatisfy(e -> assertThat(e.deliveryCount())
                    .isEqualTo(1));
        }
    }

    @Test
    void theRetryLimitBoundsRedeliveries() {
        publish("poison");
        ConsumeOptions options =
                inGroup().manualAck().withAckWait(Duration.ofMillis(500)).withRetryLimit(1);
        try (Collector<Event> c = Collector.of(
                events.consume(topic, options).concatMap(e -> e.nack().thenReturn(e)))) {
            c.awaitCount(2, WAIT);
            Collector.sleep(Duration.ofMillis(2500));
            assertThat(c.items).extracting(Event::deliveryCount).containsExactly(1, 2);
        }
    }

    @Test
    void aConsumerGetsNoMoreThanItRequests() {
        for (int i = 0; i < 20; i++) {
            publish("e" + i);
        }
        StepVerifier.create(events.consume(topic, inGroup()), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(300))
                .thenRequest(3)
                .expectNextCount(3)
                .expectNoEvent(Duration.ofMillis(300))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void largePayloadIsStoredIntact() {
        byte[] body = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(body);
        StepVerifier.create(events.publish(topic, Message.of(Metadata.empty(), body)))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(events.consume(topic, inGroup()).take(1))
                .assertNext(e -> assertThat(e.payload()).isEqualTo(body))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void invalidTopicIsABadRequest() {
        for (String bad : List.of("", "a b", "a.*", "a.>", ".a")) {
            assertThatThrownBy(() -> events.publish(bad, text("x")))
                    .isInstanceOfSatisfying(
                            MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
            assertThatThrownBy(() -> events.consume(bad, ConsumeOptions.defaults()))
                    .isInstanceOfSatisfying(
                            MicroException.class, e -> assertThat(e.code()).isEqualTo(400));
        }
    }

    /** Publishing, consuming and acking from Reactor's non-blocking threads: BlockHound fails a block. */
    @Test
    void publishingConsumingAndAckingOnNonBlockingThreadsNeverBlock() {
        int n = 100;
        Flux.range(0, n)
                .concatMap(i -> events.publish(topic, text("e" + i)).subscribeOn(Schedulers.parallel()))
                .then()
                .block(Duration.ofSeconds(30));
        StepVerifier.create(events.consume(topic, inGroup().manualAck())
                        .subscribeOn(Schedulers.parallel())
                        .publishOn(Schedulers.parallel())
                        .concatMap(e -> e.ack().thenReturn(e))
                        .take(n))
                .expectNextCount(n)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aThousandEventsArriveWithoutLoss() {
        int n = 1000;
        Flux.range(0, n)
                .concatMap(i -> events.publish(topic, text("e" + i)))
                .then()
                .block(Duration.ofSeconds(60));
        try (Collector<Event> c = Collector.of(events.consume(topic, inGroup()))) {
            assertThat(c.awaitCount(n, Duration.ofSeconds(60)))
                    .extracting(EventsConformanceKit::text)
                    .doesNotHaveDuplicates()
                    .hasSize(n);
        }
    }

    /**
     * At-least-once across processes: a consumer in a child JVM receives the event and is killed before acking;
     * another consumer of the group then receives it.
     */
    @Test
    void anEventWhoseConsumerProcessIsKilledBeforeAckingIsRedelivered() throws Exception {
        String[] backend = childProcessBackend();
        if (backend.length == 0) {
            return; // in-process backend: covered by anUnackedEventIsRedeliveredToAnotherMemberAfterTheAckWait
        }
        long ackWaitMillis = 2000;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EventsChildConsumer.class.getName(),
                        backend[0],
                        backend[1],
                        topic,
                        group,
                        Long.toString(ackWaitMillis))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    List<String> seen = new ArrayList<>();
                    while ((line = out.readLine()) != null) {
                        seen.add(line);
                        if (line.startsWith("RECEIVED ")) {
                            return line.substring("RECEIVED ".length());
                        }
                    }
                    throw new IllegalStateException("child exited without receiving: " + seen);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            publish("survives");
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo("survives");
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(child.isAlive()).isFalse();
        ConsumeOptions options = inGroup().manualAck().withAckWait(Duration.ofMillis(ackWaitMillis));
        StepVerifier.create(events.consume(topic, options).take(1).concatMap(e -> e.ack()
                        .thenReturn(e)))
                .assertNext(e -> {
                    assertThat(text(e)).isEqualTo("survives");
                    assertThat(e.deliveryCount()).isGreaterThanOrEqualTo(2);
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        // Acked: never again.
        StepVerifier.create(events.consume(topic, options))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(ackWaitMillis + 1000))
                .thenCancel()
                .verify(WAIT);
    }
}
