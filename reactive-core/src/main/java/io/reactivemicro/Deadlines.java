package io.reactivemicro;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.NonBlocking;

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

    /** The deadline in {@code headers} as epoch millis, or {@code null} if absent or unreadable. */
    static @Nullable Long read(Metadata headers) {
        String value = headers.get(Metadata.DEADLINE);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code source} failing with a 408 when {@code timeout} passes before it terminates, cancelling it then.
     * Unlike {@code Flux.timeout(Duration)}, the limit covers the whole sequence, not the gap between items.
     * One timer per subscription, cancelled when {@code source} terminates or is cancelled: {@code
     * Flux.timeout(Publisher, Function)} would set a second timer per item and, in Reactor 3.8, build a
     * description of the operator chain on every assembly, which costs more than the rest of the call path.
     * Demand passes through one to one.
     */
    static <T> Flux<T> within(Flux<T> source, Duration timeout, String id, String endpoint) {
        return Flux.defer(() -> {
            // takeUntilOther cancels the source when the timer fires, and ends the sequence; the flag turns
            // that end into the 408 (an error from the timer itself would not cancel the source)
            AtomicBoolean expired = new AtomicBoolean();
            return source.takeUntilOther(expiry(timeout, expired))
                    .concatWith(Mono.defer(() -> expired.get()
                            ? Mono.error(MicroException.timeout(
                                    id, "%s timed out after %d ms", endpoint, timeout.toMillis()))
                            : Mono.empty()));
        });
    }

    /** Sets {@code expired} and emits once {@code timeout} has passed; cancelling it cancels the timer. */
    private static Mono<Boolean> expiry(Duration timeout, AtomicBoolean expired) {
        return Mono.create(sink -> {
            Timeout pending = TIMER.newTimeout(
                    t -> {
                        expired.set(true);
                        sink.success(Boolean.TRUE);
                    },
                    timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            sink.onCancel(pending::cancel);
        });
    }
}
