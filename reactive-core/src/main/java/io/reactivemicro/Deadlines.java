package io.reactivemicro;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
     * Unlike {@code Flux.timeout}, the limit covers the whole sequence, not the gap between items; unlike a
     * merge with a timer, it passes demand through one to one, so backpressure accounting is untouched.
     */
    static <T> Flux<T> within(Flux<T> source, Duration timeout, String id, String endpoint) {
        return Flux.defer(() -> {
            AtomicBoolean expired = new AtomicBoolean();
            return source.takeUntilOther(Mono.delay(timeout).doOnNext(t -> expired.set(true)))
                    .concatWith(Mono.defer(() -> expired.get()
                            ? Mono.error(MicroException.timeout(
                                    id, "%s timed out after %d ms", endpoint, timeout.toMillis()))
                            : Mono.empty()));
        });
    }
}
