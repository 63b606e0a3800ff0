package io.reactivemicro.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Test helper: subscribes to a {@code Flux} with unbounded demand and keeps what arrives. */
public final class Collector<T> implements AutoCloseable {

    /** What arrived, in order; safe to read while more arrives (a copy-on-write list would make 100,000 adds quadratic). */
    public final Collection<T> items = new ConcurrentLinkedQueue<>();

    public final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
    private final Disposable subscription;

    private Collector(Flux<T> flux) {
        subscription = flux.subscribe(items::add, error::set);
    }

    public static <T> Collector<T> of(Flux<T> flux) {
        return new Collector<>(flux);
    }

    /** Waits up to {@code timeout} for {@code n} items and returns a copy of them; fails the test otherwise. */
    public List<T> awaitCount(int n, Duration timeout) {
        await(
                () -> items.size() >= n || error.get() != null,
                timeout,
                () -> "expected " + n + " items, got " + items.size() + ", error " + error.get());
        assertThat(error.get()).as("error").isNull();
        return List.copyOf(items);
    }

    /** Waits up to {@code timeout} for an error. */
    public Throwable awaitError(Duration timeout) {
        await(() -> error.get() != null, timeout, () -> "expected an error, got " + items.size() + " items");
        return error.get();
    }

    public void cancel() {
        subscription.dispose();
    }

    @Override
    public void close() {
        cancel();
    }

    public static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + ": " + what.get());
            }
            sleep(Duration.ofMillis(5));
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
