package io.reactivemicro;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.NonBlocking;
import reactor.util.context.Context;

/**
 * Deadline arithmetic and the deadline timer, shared by the client's and the handler's built-in deadline
 * interceptors.
 *
 * <p>Every call sets a deadline and nearly every one is cancelled when the call ends, so the timer is Netty's
 * {@link HashedWheelTimer}, made for that: adding or cancelling a timeout is a queue offer, and one thread
 * ticks every {@value #TICK_MILLIS} ms. Reactor's {@code Mono.delay} puts each timer in a {@code
 * ScheduledThreadPoolExecutor} under a lock and, when the call's timer is the earliest (always, with few calls
 * in flight), wakes the scheduler's thread: a thread wake-up per call on each side, the largest single cost
 * on a handler's event loop in the benchmark's profile. A deadline fires up to one tick late.
 */
final class Deadlines {

    /** The timer's resolution. */
    static final long TICK_MILLIS = 10;

    // 512 ticks of 10 ms: the default 5 s timeout lands within one turn of the wheel
    private static final HashedWheelTimer TIMER =
            new HashedWheelTimer(DeadlineThread::new, TICK_MILLIS, TimeUnit.MILLISECONDS, 512, false);

    private Deadlines() {}

    /**
     * The timer's thread. A call that times out signals its 408 from it, so what follows runs there too: it
     * is marked {@link NonBlocking}, as Reactor's own timer threads are, for BlockHound and {@code
     * Schedulers.isInNonBlockingThread()} to treat it like one.
     */
    private static final class DeadlineThread extends Thread implements NonBlocking {
        DeadlineThread(Runnable task) {
            super(task, "micro-deadlines");
            setDaemon(true);
        }
    }

    /**
     * Starts the timer's thread, if not yet started. The first start waits for that thread, so the client and
     * the server call this when they are built, not on an event loop at their first call.
     */
    static void start() {
        TIMER.start();
    }

    /** What {@link #read} gives for headers without a readable deadline. */
    static final long NONE = Long.MIN_VALUE;

    /** The deadline in {@code headers} as epoch millis, or {@link #NONE} if absent or unreadable. */
    static long read(Metadata headers) {
        String value = headers.get(Metadata.DEADLINE);
        if (value == null) {
            return NONE;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return NONE;
        }
    }

    /** The call a deadline bounds, as its 408 names it; an object that lives as long as the call, or longer. */
    interface TimedCall {
        /** The 408 of this call, after {@code millis}. */
        MicroException timedOut(long millis);
    }

    /** The 408 {@code id} reports when {@code service}'s (may be null) {@code endpoint} ran out of time. */
    static MicroException timedOut(String id, @Nullable String service, String endpoint, long millis) {
        return MicroException.timeout(
                id, "%s%s timed out after %d ms", service == null ? "" : service + " ", endpoint, millis);
    }

    /**
     * {@code source} failing with a 408 when {@code timeout} passes before it terminates, cancelling it then.
     * Unlike {@code Flux.timeout(Duration)}, the limit covers the whole sequence, not the gap between items.
     * {@code service} (may be null) and {@code endpoint} name the call in the error's message, which is built
     * only when the deadline passes. Demand passes through one to one.
     *
     * <p>One operator and one timer entry per subscription: the composition this replaced ({@code
     * takeUntilOther} on a {@code Mono.create} timer, then {@code concatWith} a deferred error) allocated a
     * dozen objects per call, a sixth of the client path's; {@code Flux.timeout(Publisher, Function)} would set
     * a second timer per item and, in Reactor 3.8, describe the operator chain on every assembly.
     */
    static <T> Flux<T> within(Flux<T> source, Duration timeout, String id, @Nullable String service, String endpoint) {
        return within(source, timeout, millis -> timedOut(id, service, endpoint, millis));
    }

    /** {@link #within(Flux, Duration, String, String, String)}, failing with {@code call}'s 408. */
    static <T> Flux<T> within(Flux<T> source, Duration timeout, TimedCall call) {
        return new DeadlineFlux<>(source, timeout.toNanos(), call);
    }

    /**
     * {@link #within}'s subscriber: passes signals to {@code actual} and fails it with {@code call}'s 408 when
     * {@code timeout} passes, for an operator that builds its source when it is subscribed (one object fewer per
     * call than assembling {@code within}).
     */
    static <T> CoreSubscriber<T> subscriber(CoreSubscriber<? super T> actual, Duration timeout, TimedCall call) {
        return new DeadlineSubscriber<>(actual, timeout.toNanos(), call);
    }

    private static final class DeadlineFlux<T> extends FluxOperator<T, T> {
        private final long nanos;
        private final TimedCall call;

        DeadlineFlux(Flux<T> source, long nanos, TimedCall call) {
            super(source);
            this.nanos = nanos;
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            source.subscribe(new DeadlineSubscriber<>(actual, nanos, call));
        }
    }

    /**
     * Upstream's signals and the timer's race to end the sequence; {@code wip} lets exactly one of them reach
     * downstream at a time. An {@code onNext} holds it while it runs and hands it back; a terminal signal, or
     * the timer, takes it for good. A timer that fires during an {@code onNext} leaves its mark in {@code wip}
     * and {@code expired}, and that {@code onNext} delivers the 408 on its way out.
     */
    private static final class DeadlineSubscriber<T> implements CoreSubscriber<T>, Subscription, TimerTask {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<DeadlineSubscriber> WIP =
                AtomicIntegerFieldUpdater.newUpdater(DeadlineSubscriber.class, "wip");

        private final CoreSubscriber<? super T> actual;
        private final long nanos;
        private final TimedCall call;
        private @Nullable Subscription upstream;
        private volatile int wip;
        private volatile @Nullable Timeout timer;
        /** Set when the sequence ends; a timer set after that is cancelled at once. */
        private volatile boolean ended;

        private volatile boolean expired;
        private volatile boolean cancelled;

        DeadlineSubscriber(CoreSubscriber<? super T> actual, long nanos, TimedCall call) {
            this.actual = actual;
            this.nanos = nanos;
            this.call = call;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                // set after onSubscribe: the timer must not signal downstream before it has its subscription
                Timeout entry = TIMER.newTimeout(this, nanos, TimeUnit.NANOSECONDS);
                timer = entry;
                // with endTimer's write-then-read, at least one of the two sees the other: cancelled at least once
                if (ended) {
                    entry.cancel();
                }
            }
        }

        @Override
        public void onNext(T t) {
            if (wip != 0 || !WIP.compareAndSet(this, 0, 1)) {
                Operators.onDiscard(t, actual.currentContext());
                return;
            }
            actual.onNext(t);
            if (WIP.decrementAndGet(this) != 0 && expired && !cancelled) {
                fail();
            }
        }

        @Override
        public void onError(Throwable e) {
            if (WIP.getAndIncrement(this) == 0) {
                endTimer();
                actual.onError(e);
            } else {
                Operators.onErrorDropped(e, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (WIP.getAndIncrement(this) == 0) {
                endTimer();
                actual.onComplete();
            }
        }

        @Override
        public void run(Timeout t) {
            if (cancelled) {
                return;
            }
            expired = true;
            if (WIP.getAndIncrement(this) == 0) {
                fail();
            }
        }

        private void fail() {
            Objects.requireNonNull(upstream).cancel();
            actual.onError(call.timedOut(TimeUnit.NANOSECONDS.toMillis(nanos)));
        }

        @Override
        public void request(long n) {
            Objects.requireNonNull(upstream).request(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
            endTimer();
            Objects.requireNonNull(upstream).cancel();
        }

        private void endTimer() {
            ended = true;
            Timeout entry = timer;
            if (entry != null) {
                entry.cancel();
            }
        }
    }
}
