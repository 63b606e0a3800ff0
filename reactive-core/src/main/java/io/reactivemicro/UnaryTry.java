package io.reactivemicro;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One try of a request-response call, as one subscriber: it feeds the node book, decodes the reply and, when
 * the try failed before any reply and {@link #retry} gives a next try, goes on with that one. A subclass holds
 * what its try needs (the node, the decoder, what a retry needs), so that a try is one object. The operator
 * this replaced was three (a {@code Mono}, its subscriber and the try's state); the composition before that
 * ({@code flux()}, {@code doOnEach}, {@code doFinally}, {@code map}, {@code onErrorResume}, then {@code
 * Mono.from}) put six subscribers, one of them a multi-subscription arbiter, on every call.
 *
 * <p>Signals arrive one at a time (from this try's source, then from the next try's), so {@code done} and
 * {@code resumed} are plain fields; {@code request} and {@code cancel} may come from any thread.
 */
abstract class UnaryTry implements CoreSubscriber<Object>, Subscription {
    private static final AtomicReferenceFieldUpdater<UnaryTry, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(UnaryTry.class, Subscription.class, "upstream");
    private static final AtomicIntegerFieldUpdater<UnaryTry> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(UnaryTry.class, "finished");

    private final CoreSubscriber<? super Object> actual;
    private volatile @Nullable Subscription upstream;
    private volatile int finished;
    private volatile boolean requested;
    /** The next try runs: its signals pass through as they are. */
    private boolean resumed;

    private boolean done;

    UnaryTry(CoreSubscriber<? super Object> actual) {
        this.actual = actual;
    }

    /** Sends the try: {@code actual} gets this as its subscription, then this subscribes to {@code source}. */
    final void start(Publisher<byte[]> source) {
        started();
        actual.onSubscribe(this);
        source.subscribe(this);
    }

    /** The try is about to be sent. */
    abstract void started();

    /** A reply ({@code null}) or an error arrived. */
    abstract void observed(@Nullable Throwable error);

    /** Whether a reply, or the handler's own error, has arrived. */
    abstract boolean answered();

    /** The try is over: it ended or was cancelled. Called once, after {@link #started()}. */
    abstract void ended();

    /**
     * The reply's value, or {@code null} for an endpoint that replies with nothing (the reply is dropped); throws
     * to fail the call.
     */
    abstract @Nullable Object decode(byte[] reply);

    /** The next try after {@code error}, which came before any reply, or {@code null} to fail with it. */
    abstract @Nullable Mono<Object> retry(Throwable error);

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
        observed(null);
        Object value;
        try {
            value = decode((byte[]) t);
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
        observed(e);
        end();
        Mono<Object> next = null;
        Throwable failure = e;
        if (!answered()) {
            try {
                next = retry(e);
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
            if (!answered()) {
                observed(null);
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
        if (FINISHED.compareAndSet(this, 0, 1)) {
            ended();
        }
    }
}
