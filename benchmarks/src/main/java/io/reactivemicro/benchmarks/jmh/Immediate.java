package io.reactivemicro.benchmarks.jmh;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;

/**
 * Takes the value of a call that ends while it is subscribed, as every call on {@link LoopbackTransport} does:
 * one subscriber for the whole benchmark, where {@code block()} allocates a subscriber and a latch per call
 * (about 90 bytes that are the benchmark's waiting, not the framework's work). A call that has not ended by
 * the time {@code subscribe} returns fails the benchmark.
 */
final class Immediate<T> implements CoreSubscriber<T> {
    private @Nullable T value;
    private @Nullable Throwable error;
    private boolean done;

    T take(Publisher<T> call) {
        call.subscribe(this);
        if (!done) {
            throw new IllegalStateException("the call did not end while it was subscribed");
        }
        if (error != null) {
            throw new IllegalStateException("the call failed", error);
        }
        T taken = value;
        if (taken == null) {
            throw new IllegalStateException("the call completed empty");
        }
        value = null;
        done = false;
        return taken;
    }

    @Override
    public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T t) {
        value = t;
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done = true;
    }

    @Override
    public void onComplete() {
        done = true;
    }
}
