package io.reactivemicro.rsocket;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Passes a subscriber's demand to a stream's sender, but never more than {@value #MESSAGES} messages ahead of
 * what the subscriber has received. RSocket-Java sends a request as it is, so a subscriber asking for all
 * ({@code count()}, {@code subscribe()}, {@code collectList()}) let the other side produce a whole stream at
 * once into its connection's send queue, which has no bound: a million messages held at once in the sender's
 * memory. Here the other side sees a window: {@value #MESSAGES} at first, topped up by half of it each time
 * half has arrived (one REQUEST_N frame per {@value #MESSAGES}/2 messages). A demand of up to {@value
 * #MESSAGES} crosses unchanged, so a subscriber asking for 10 still makes the producer see exactly 10.
 */
final class DemandWindow<T> extends FluxOperator<T, T> {

    /** At most this many messages asked for and not yet received. */
    static final int MESSAGES = 1024;

    private DemandWindow(Flux<? extends T> source) {
        super(source);
    }

    /** {@code source} with the subscriber's demand passed on in windows. */
    static <T> Flux<T> of(Flux<? extends T> source) {
        return new DemandWindow<>(source);
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new Windowed<>(actual));
    }

    private static final class Windowed<T> implements CoreSubscriber<T>, Subscription {
        private static final AtomicLongFieldUpdater<Windowed> DEMAND =
                AtomicLongFieldUpdater.newUpdater(Windowed.class, "demand");
        private static final AtomicLongFieldUpdater<Windowed> ASKED =
                AtomicLongFieldUpdater.newUpdater(Windowed.class, "asked");
        private static final AtomicIntegerFieldUpdater<Windowed> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Windowed.class, "wip");

        private final CoreSubscriber<? super T> actual;
        private @Nullable Subscription upstream;

        /** Requested by the subscriber and not yet received; {@code Long.MAX_VALUE}: unbounded. */
        private volatile long demand;

        /** Requested from upstream and not yet received; never more than {@code demand}. */
        private volatile long asked;

        private volatile int wip;

        Windowed(CoreSubscriber<? super T> actual) {
            this.actual = actual;
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
            }
        }

        @Override
        public void onNext(T value) {
            // demand first: askMore, on another thread, may then ask one too few for a moment, never one too many
            if (demand != Long.MAX_VALUE) {
                DEMAND.decrementAndGet(this);
            }
            long left = ASKED.decrementAndGet(this);
            actual.onNext(value);
            if (left <= MESSAGES / 2) {
                askMore();
            }
        }

        @Override
        public void onError(Throwable e) {
            actual.onError(e);
        }

        @Override
        public void onComplete() {
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(DEMAND, this, n);
                askMore();
            }
        }

        @Override
        public void cancel() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }

        /**
         * Tops the upstream request up to the window (or to the demand, if less) once half of it has arrived,
         * or at once while the demand is within the window, so that a small demand crosses exactly.
         */
        private void askMore() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            do {
                long d = demand;
                long a = asked;
                long more = Math.min(d, MESSAGES) - a;
                if (more > 0 && (a <= MESSAGES / 2 || d <= MESSAGES)) {
                    ASKED.addAndGet(this, more);
                    Subscription s = upstream;
                    if (s != null) {
                        s.request(more);
                    }
                }
                missed = WIP.addAndGet(this, -missed);
            } while (missed != 0);
        }
    }
}
