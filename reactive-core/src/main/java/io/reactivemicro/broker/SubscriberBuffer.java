package io.reactivemicro.broker;

import io.reactivemicro.MicroException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The bounded buffer every broker puts between its backend and a subscriber, so that all plugins share one
 * overflow behaviour: at most {@link SubscribeOptions#bufferSize()} messages wait for a subscriber that has
 * not requested them; when one more arrives, {@link SubscribeOptions.Overflow#ERROR} fails the subscription
 * with a 429 {@link MicroException} and {@link SubscribeOptions.Overflow#DROP_OLDEST} drops the oldest waiting
 * message, counts it in {@link SubscribeOptions#dropCounter()} (when given) and logs at powers of two.
 */
public final class SubscriberBuffer {

    private static final Logger log = LoggerFactory.getLogger(SubscriberBuffer.class);

    private SubscriberBuffer() {}

    /**
     * {@code source}, which must accept unbounded demand (a push source such as a {@code Flux.create} fed by
     * the backend's callback), behind the bounded buffer {@code options} describe. {@code id} names the broker
     * in errors and logs.
     */
    public static Flux<Message> bound(Flux<Message> source, String id, String topic, SubscribeOptions options) {
        if (options.overflow() == SubscribeOptions.Overflow.DROP_OLDEST) {
            java.util.concurrent.atomic.LongAdder counter = options.dropCounter();
            java.util.concurrent.atomic.AtomicLong local = new java.util.concurrent.atomic.AtomicLong();
            return source.onBackpressureBuffer(
                    options.bufferSize(),
                    m -> {
                        if (counter != null) {
                            counter.increment();
                        }
                        long n = local.incrementAndGet();
                        if (Long.bitCount(n) == 1) {
                            log.warn("{}: subscriber of {} is behind: {} messages dropped so far", id, topic, n);
                        }
                    },
                    BufferOverflowStrategy.DROP_OLDEST);
        }
        // onBackpressureBuffer's own ERROR strategy delivers the error only after the buffer has drained, which
        // for a stalled subscriber is never: fail at once instead, through a side channel merged in.
        return Flux.defer(() -> {
            Sinks.Empty<Message> overflow = Sinks.empty();
            Flux<Message> buffered = source.onBackpressureBuffer(
                    options.bufferSize(),
                    m -> overflow.tryEmitError(MicroException.tooManyRequests(
                            id,
                            "subscriber of %s fell more than %d messages behind (overflow policy ERROR)",
                            topic,
                            options.bufferSize())),
                    BufferOverflowStrategy.DROP_LATEST);
            return Flux.merge(1, buffered, overflow.asMono());
        });
    }
}
