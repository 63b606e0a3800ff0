package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * The deadline operator on Netty's timer, which real time drives: deadlines here are tens of milliseconds and
 * every wait is bounded by {@code verify(Duration)}.
 */
class DeadlinesTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void aSequenceStillRunningAtItsDeadlineFailsWith408AndIsCancelled() {
        TestPublisher<String> source = TestPublisher.create();
        StepVerifier.create(Deadlines.within(source.flux(), Duration.ofMillis(30), "caller", "greeter", "Hello"))
                .then(() -> source.next("a"))
                .expectNext("a")
                .expectErrorSatisfies(e -> {
                    assertThat(MicroException.hasCode(e, 408)).isTrue();
                    assertThat(e).hasMessageContaining("greeter Hello timed out after 30 ms");
                })
                .verify(BOUND);
        source.assertCancelled();
    }

    @Test
    void aSequenceThatEndsInTimePassesThroughWithItsDemandOneToOne() {
        TestPublisher<String> source = TestPublisher.create();
        StepVerifier.create(Deadlines.within(source.flux(), Duration.ofSeconds(30), "caller", null, "Hello"), 0)
                .then(() -> source.assertMinRequested(0).assertMaxRequested(0))
                .thenRequest(2)
                .then(() -> source.assertMinRequested(2).assertMaxRequested(2))
                .then(() -> source.next("a", "b"))
                .expectNext("a", "b")
                .thenRequest(1)
                .then(() -> source.assertMinRequested(1).emit("c"))
                .expectNext("c")
                .verifyComplete();
        source.assertNotCancelled();
    }

    @Test
    void anErrorBeforeTheDeadlineIsPassedOnAsItIs() {
        MicroException failure = MicroException.notFound("callee", "no such thing");
        StepVerifier.create(Deadlines.within(Flux.error(failure), Duration.ofSeconds(30), "caller", null, "Hello"))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                .verify(BOUND);
    }

    @Test
    void cancellingDownstreamCancelsTheSourceAndNoErrorFollows() {
        TestPublisher<String> source = TestPublisher.create();
        StepVerifier.create(Deadlines.within(source.flux(), Duration.ofMillis(20), "caller", null, "Hello"))
                .thenCancel()
                .verifyThenAssertThat(Duration.ofMillis(200))
                .hasNotDroppedErrors();
        source.assertCancelled();
    }

    /**
     * The timer fires on its own thread while items arrive on another: downstream must still see its signals
     * one at a time, in order, ending exactly once. 300 runs, each with a 1 ms deadline against a source that
     * emits until the sequence ends (at most 50,000,000 items).
     */
    @Test
    void theTimerAndTheSourceNeverSignalDownstreamAtTheSameTime() throws InterruptedException {
        for (int run = 0; run < 300; run++) {
            Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
            SerialChecker checker = new SerialChecker();
            Deadlines.within(sink.asFlux(), Duration.ofMillis(1), "caller", null, "Hello")
                    .subscribe(checker);
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 50_000_000 && !checker.ended(); i++) {
                    sink.tryEmitNext(i);
                }
                sink.tryEmitComplete();
            });
            producer.start();
            assertThat(checker.terminated.await(BOUND.toMillis(), TimeUnit.MILLISECONDS))
                    .as("run %d ended", run)
                    .isTrue();
            producer.join(BOUND.toMillis());
            assertThat(checker.overlaps.get())
                    .as("run %d: overlapping signals", run)
                    .isZero();
            assertThat(checker.terminals.get())
                    .as("run %d: terminal signals", run)
                    .isEqualTo(1);
            assertThat(checker.outOfOrder).as("run %d: items out of order", run).isEmpty();
        }
    }

    /** Counts what a well-behaved subscriber must never see; a plain subscriber, so nothing is filtered out. */
    private static final class SerialChecker implements CoreSubscriber<Integer> {
        final CountDownLatch terminated = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger terminals = new AtomicInteger();
        final List<Integer> outOfOrder = new ArrayList<>();
        private int next;

        boolean ended() {
            return terminated.getCount() == 0;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer value) {
            enter();
            if (terminals.get() != 0 || value != next) {
                outOfOrder.add(value);
            }
            next = value + 1;
            exit();
        }

        @Override
        public void onComplete() {
            enter();
            terminals.incrementAndGet();
            exit();
            terminated.countDown();
        }

        @Override
        public void onError(Throwable e) {
            enter();
            terminals.incrementAndGet();
            exit();
            terminated.countDown();
        }

        private void enter() {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
        }

        private void exit() {
            inside.decrementAndGet();
        }
    }
}
