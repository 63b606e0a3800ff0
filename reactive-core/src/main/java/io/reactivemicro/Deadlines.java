package io.reactivemicro;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Deadline arithmetic shared by the client's and the handler's built-in deadline interceptors. */
final class Deadlines {

    private Deadlines() {}

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
     * Unlike {@code Flux.timeout(Duration)}, the limit covers the whole sequence, not the gap between items:
     * each item's timer is set to what is left of the deadline. Demand passes through one to one.
     */
    static <T> Flux<T> within(Flux<T> source, Duration timeout, String id, String endpoint) {
        return Flux.defer(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            return source.timeout(
                            Mono.delay(timeout),
                            item -> Mono.delay(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))))
                    .onErrorMap(
                            TimeoutException.class,
                            e -> MicroException.timeout(id, "%s timed out after %d ms", endpoint, timeout.toMillis()));
        });
    }
}
