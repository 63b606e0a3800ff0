package io.reactivemicro.rsocket;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Passes each value on mapped and an error mapped, demand and cancellation back unchanged, then runs {@link
 * #ended()}: one subscriber per call where {@code map}, {@code onErrorMap} (and {@code doFinally}) put an
 * operator and a subscriber each. Signals arrive one at a time, so {@code done} is a plain field.
 */
abstract class MappingSubscriber<T, R> implements CoreSubscriber<T>, Subscription {
    final CoreSubscriber<? super R> actual;
    private @Nullable Subscription upstream;
    private boolean done;

    MappingSubscriber(CoreSubscriber<? super R> actual) {
        this.actual = actual;
    }

    /** The value passed on; throws to cancel upstream and fail with {@link #mapError} of what it threw. */
    abstract R map(T value);

    abstract Throwable mapError(Throwable e);

    /** A value that arrives after the sequence failed; dropped. */
    void discard(T value) {
        Operators.onNextDropped(value, actual.currentContext());
    }

    /** After the end was passed on, or on a cancel; may run twice if a cancel races the end. */
    void ended() {}

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
        if (done) {
            discard(value);
            return;
        }
        R mapped;
        try {
            mapped = map(value);
        } catch (RuntimeException e) {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            onError(e);
            return;
        }
        actual.onNext(mapped);
    }

    @Override
    public void onError(Throwable e) {
        if (done) {
            Operators.onErrorDropped(e, actual.currentContext());
            return;
        }
        done = true;
        actual.onError(mapError(e));
        ended();
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            actual.onComplete();
            ended();
        }
    }

    @Override
    public void request(long n) {
        Subscription s = upstream;
        if (s != null) {
            s.request(n);
        }
    }

    @Override
    public void cancel() {
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        ended();
    }
}
