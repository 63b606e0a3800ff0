package io.reactivemicro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One try of a request-response call, as one operator: it feeds the node book, decodes the reply and, when
 * the try failed before any reply and {@code retry} gives a next try, goes on with that one. The composition
 * it replaced ({@code flux()}, {@code doOnEach}, {@code doFinally}, {@code map}, {@code onErrorResume}, then
 * {@code Mono.from}) put six subscribers, one of them a multi-subscription arbiter, on every call.
 */
final class UnaryTry extends Mono<Object> {

    /**
     * What a try does besides passing signals on: it reports to the node book, decodes the reply and gives the
     * next try. One object per try, so that a call allocates no lambda for its decoder or its retry.
     */
    interface Attempt {
        /** The try is about to be sent. */
        void started();

        /** A reply ({@code null}) or an error arrived. */
        void observed(@Nullable Throwable error);

        /** Whether a reply, or the handler's own error, has arrived. */
        boolean answered();

        /** The try is over: it ended or was cancelled. Called once, after {@link #started()}. */
        void ended();

        /**
         * The reply's value, or {@code null} for an endpoint that replies with nothing (the reply is dropped);
         * throws to fail the call.
         */
        @Nullable
        Object decode(byte[] reply);

        /** The next try after {@code error}, which came before any reply, or {@code null} to fail with it. */
        @Nullable
        Mono<Object> retry(Throwable error);
    }

    private final Mono<byte[]> source;
    private final Attempt attempt;

    UnaryTry(Mono<byte[]> source, Attempt attempt) {
        this.source = source;
        this.attempt = attempt;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
        TrySubscriber s = new TrySubscriber(actual, attempt);
        attempt.started();
        actual.onSubscribe(s);
        source.subscribe(s);
    }

    /**
     * Signals arrive one at a time (from this try's source, then from the next try's), so {@code done} and
     * {@code resumed} are plain fields; {@code request} and {@code cancel} may come from any thread.
     */
    private static final class TrySubscriber implements CoreSubscriber<Object>, Subscription {
        private static final AtomicReferenceFieldUpdater<TrySubscriber, Subscription> UPSTREAM =
                AtomicReferenceFieldUpdater.newUpdater(TrySubscriber.class, Subscription.class, "upstream");
        private static final AtomicIntegerFieldUpdater<TrySubscriber> ENDED =
                AtomicIntegerFieldUpdater.newUpdater(TrySubscriber.class, "ended");

        private final CoreSubscriber<? super Object> actual;
        private final Attempt attempt;
        private volatile @Nullable Subscription upstream;
        private volatile int ended;
        private volatile boolean requested;
        /** The next try runs: its signals pass through as they are. */
        private boolean resumed;

        private boolean done;

        TrySubscriber(CoreSubscriber<? super Object> actual, Attempt attempt) {
            this.actual = actual;
            this.attempt = attempt;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            // with request's write-then-read, at least one of the two sees the other
            if (Operators.replace(UPSTREAM, this, s) && requested) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Object t) {
            if (done) {
                Operators.onNextDropped(t, actual.currentContext());
                return;
            }
            if (resumed) {
                actual.onNext(t);
                return;
            }
            attempt.observed(null);
            Object value;
            try {
                value = attempt.decode((byte[]) t);
            } catch (RuntimeException e) {
                done = true;
                Operators.terminate(UPSTREAM, this);
                end();
                actual.onError(e);
                return;
            }
            if (value != null) {
                actual.onNext(value);
            }
        }

        @Override
        public void onError(Throwable e) {
            if (done) {
                Operators.onErrorDropped(e, actual.currentContext());
                return;
            }
            if (resumed) {
                done = true;
                actual.onError(e);
                return;
            }
            attempt.observed(e);
            end();
            Mono<Object> next = null;
            Throwable failure = e;
            if (!attempt.answered()) {
                try {
                    next = attempt.retry(e);
                } catch (RuntimeException thrown) {
                    thrown.addSuppressed(e);
                    failure = thrown;
                }
            }
            if (next == null) {
                done = true;
                actual.onError(failure);
                return;
            }
            resumed = true;
            next.subscribe(this);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            if (!resumed) {
                if (!attempt.answered()) {
                    attempt.observed(null);
                }
                end();
            }
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                requested = true;
                Subscription s = upstream;
                if (s != null) {
                    s.request(n);
                }
            }
        }

        @Override
        public void cancel() {
            Operators.terminate(UPSTREAM, this);
            end();
        }

        private void end() {
            if (ENDED.compareAndSet(this, 0, 1)) {
                attempt.ended();
            }
        }
    }
}
