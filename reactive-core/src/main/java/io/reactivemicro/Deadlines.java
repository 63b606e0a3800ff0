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
            return source.takeUntilOther(Mono.delay(timeout).doOnNext(t -> expired.set(true)))
                    .concatWith(Mono.defer(() -> expired.get()
                            ? Mono.error(MicroException.timeout(
                                    id, "%s timed out after %d ms", endpoint, timeout.toMillis()))
                            : Mono.empty()));
        });
    }
}
