package io.reactivemicro.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The contract every {@link Sync} meets. A plugin subclasses this with {@link #newSync()}; each test uses lock
 * and election ids of its own so that tests against a shared server do not meet.
 */
public abstract class SyncConformanceKit {

    protected static final Duration STEP = Duration.ofSeconds(30);

    /** A sync connected to the backend under test; closed after each test. */
    protected abstract Sync newSync();

    /** A sync whose clock is {@code clock} for backends that run in virtual time; null uses real time. */
    protected Sync newSync(VirtualTimeScheduler clock) {
        return null;
    }

    protected Sync sync;
    protected Sync other;
    protected String id;

    @BeforeEach
    void open() {
        sync = newSync();
        other = newSync();
        id = "kit-" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        sync.close().block(STEP);
        other.close().block(STEP);
    }

    @Test
    void lockIsExclusiveUntilUnlocked() {
        Lock first = sync.lock(id).block(STEP);
        assertThat(first).isNotNull();
        assertThat(first.id()).isEqualTo(id);

        StepVerifier.create(other.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ZERO)))
                .expectErrorSatisfies(e ->
                        assertThat(MicroException.hasCode(e, 408)).as("%s", e).isTrue())
                .verify(STEP);

        StepVerifier.create(first.unlock()).expectComplete().verify(STEP);
        StepVerifier.create(other.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ZERO))
                        .flatMap(Lock::unlock))
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void waitingLockerGetsTheLockWhenItIsReleased() {
        Lock first = sync.lock(id).block(STEP);
        long start = System.nanoTime();
        Mono<Lock> second = other.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ofSeconds(10)));
        Mono.delay(Duration.ofMillis(300)).then(first.unlock()).subscribe();

        StepVerifier.create(second)
                .assertNext(l -> assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(250))
                        .isLessThan(Duration.ofSeconds(8)))
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void waitRunsOutWithTimeout() {
        sync.lock(id).block(STEP);
        long start = System.nanoTime();
        StepVerifier.create(other.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ofMillis(500))))
                .expectErrorSatisfies(e -> {
                    assertThat(MicroException.hasCode(e, 408)).as("%s", e).isTrue();
                    assertThat(((MicroException) e).detail()).contains(id);
                })
                .verify(STEP);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void lockLapsesAfterItsTtl() {
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        Sync timed = newSync(clock);
        if (timed != null) {
            Lock first = timed.lock(id, LockOptions.defaults().withTtl(Duration.ofSeconds(30)))
                    .block(STEP);
            StepVerifier.withVirtualTime(
                            () -> timed.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ofMinutes(1))),
                            () -> clock,
                            Long.MAX_VALUE)
                    .expectSubscription()
                    .expectNoEvent(Duration.ofSeconds(29))
                    .thenAwait(Duration.ofSeconds(2))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(STEP);
            StepVerifier.create(first.unlock())
                    .expectErrorSatisfies(
                            e -> assertThat(MicroException.hasCode(e, 409)).isTrue())
                    .verify(STEP);
            return;
        }
        Lock first = sync.lock(id, LockOptions.defaults().withTtl(Duration.ofSeconds(2)))
                .block(STEP);
        long start = System.nanoTime();
        StepVerifier.create(other.lock(id, LockOptions.defaults().withWaitTimeout(Duration.ofSeconds(15))))
                .expectNextCount(1)
                .expectComplete()
                .verify(STEP);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isGreaterThan(Duration.ofMillis(1000)).isLessThan(Duration.ofSeconds(10));
        StepVerifier.create(first.unlock())
                .expectErrorSatisfies(e ->
                        assertThat(MicroException.hasCode(e, 409)).as("%s", e).isTrue())
                .verify(STEP);
    }

    @Test
    void unlockingTwiceFailsWithConflict() {
        Lock lock = sync.lock(id).block(STEP);
        lock.unlock().block(STEP);
        StepVerifier.create(lock.unlock())
                .expectErrorSatisfies(e ->
                        assertThat(MicroException.hasCode(e, 409)).as("%s", e).isTrue())
                .verify(STEP);
    }

    @Test
    void locksWithDifferentIdsAreIndependent() {
        sync.lock(id).block(STEP);
        StepVerifier.create(other.lock(id + "-b", LockOptions.defaults().withWaitTimeout(Duration.ZERO)))
                .expectNextCount(1)
                .expectComplete()
                .verify(STEP);
    }

    @Test
    void counterIncrementedUnderTheLockEndsExact() {
        AtomicInteger counter = new AtomicInteger();
        AtomicBoolean inside = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        LockOptions options = new LockOptions(Duration.ofSeconds(10), Duration.ofSeconds(20));
        int workers = 4;
        int rounds = 15;
        Flux<Integer> all = Flux.range(0, workers)
                .flatMap(
                        w -> Flux.range(0, rounds).concatMap(r -> (w % 2 == 0 ? sync : other)
                                .lock(id, options)
                                .flatMap(lock -> Mono.fromCallable(() -> {
                                            if (!inside.compareAndSet(false, true)) {
                                                overlaps.incrementAndGet();
                                            }
                                            int seen = counter.get();
                                            Thread.sleep(1);
                                            counter.set(seen + 1);
                                            inside.set(false);
                                            return seen;
                                        })
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .flatMap(seen -> lock.unlock().thenReturn(seen)))),
                        workers);
        StepVerifier.create(all)
                .expectNextCount(workers * rounds)
                .expectComplete()
                .verify(STEP.multipliedBy(2));
        assertThat(overlaps).hasValue(0);
        assertThat(counter).hasValue(workers * rounds);
    }

    @Test
    void badIdsAreRejectedWithBadRequest() {
        StepVerifier.create(sync.lock(""))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify(STEP);
        StepVerifier.create(sync.leader("bad\u0000id"))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 400)).isTrue())
                .verify(STEP);
        assertThatThrownBy(() -> sync.lock(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void firstCandidateIsElectedAndLeadershipMovesWhenItResigns() {
        Duration ttl = Duration.ofSeconds(5);
        StepVerifier.create(sync.leader(id, ttl).take(1))
                .assertNext(l -> assertThat(l.elected()).isTrue())
                .expectComplete()
                .verify(STEP);

        java.util.concurrent.BlockingQueue<Leadership> firstEvents = new java.util.concurrent.LinkedBlockingQueue<>();
        Disposable first = sync.leader(id, ttl).subscribe(firstEvents::add);
        try {
            Leadership elected = poll(firstEvents);
            assertThat(elected.state()).isEqualTo(Leadership.State.ELECTED);

            java.util.concurrent.BlockingQueue<Leadership> secondEvents =
                    new java.util.concurrent.LinkedBlockingQueue<>();
            Disposable second = other.leader(id, ttl).subscribe(secondEvents::add);
            try {
                assertThat(pollOrNull(secondEvents, Duration.ofMillis(700))).isNull();
                first.dispose();
                Leadership next = poll(secondEvents);
                assertThat(next.elected()).isTrue();
                assertThat(next.id()).isEqualTo(id);
            } finally {
                second.dispose();
            }
        } finally {
            first.dispose();
        }
    }

    private static Leadership poll(java.util.concurrent.BlockingQueue<Leadership> q) {
        Leadership l = pollOrNull(q, STEP);
        assertThat(l).as("leadership event within %s", STEP).isNotNull();
        return l;
    }

    private static Leadership pollOrNull(java.util.concurrent.BlockingQueue<Leadership> q, Duration d) {
        try {
            return q.poll(d.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
