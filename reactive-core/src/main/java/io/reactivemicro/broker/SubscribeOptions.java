package io.reactivemicro.broker;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * How to subscribe: an optional queue group, the buffer kept for a subscriber that falls behind (by default
 * {@value #DEFAULT_BUFFER_SIZE} messages, at most {@value #MAX_BUFFER_SIZE}) and what happens when it is full
 * (by default {@link Overflow#ERROR}); with {@link Overflow#DROP_OLDEST} an optional counter of dropped
 * messages.
 *
 * <p>Without a queue group every subscriber of the topic gets every message (as in Go Micro); subscribers that
 * share a queue group get each message once between them.
 */
public record SubscribeOptions(
        @Nullable String queue,
        int bufferSize,
        Overflow overflow,
        @Nullable LongAdder dropCounter) {

    /** The buffer a subscriber gets unless told otherwise. */
    public static final int DEFAULT_BUFFER_SIZE = 1024;

    /** The largest buffer accepted, so that no subscriber can ask for unbounded memory. */
    public static final int MAX_BUFFER_SIZE = 1 << 20;

    public SubscribeOptions {
        if (queue != null && queue.isBlank()) {
            throw new IllegalArgumentException("queue: blank (expected: a name, or null for broadcast)");
        }
        if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "bufferSize: " + bufferSize + " (expected: 1 to " + MAX_BUFFER_SIZE + ")");
        }
        Objects.requireNonNull(overflow, "overflow");
    }

    /** Options without a drop counter. */
    public SubscribeOptions(@Nullable String queue, int bufferSize, Overflow overflow) {
        this(queue, bufferSize, overflow, null);
    }

    /** Every subscriber gets every message. */
    public static SubscribeOptions broadcast() {
        return new SubscribeOptions(null, DEFAULT_BUFFER_SIZE, Overflow.ERROR, null);
    }

    /** Each message goes to one member of {@code queue}. */
    public static SubscribeOptions queue(String queue) {
        return new SubscribeOptions(Objects.requireNonNull(queue, "queue"), DEFAULT_BUFFER_SIZE, Overflow.ERROR, null);
    }

    /** These options with another buffer size and overflow policy. */
    public SubscribeOptions withBuffer(int bufferSize, Overflow overflow) {
        return new SubscribeOptions(queue, bufferSize, overflow, dropCounter);
    }

    /** These options, counting every message {@link Overflow#DROP_OLDEST} drops in {@code counter}. */
    public SubscribeOptions withDropCounter(LongAdder counter) {
        return new SubscribeOptions(queue, bufferSize, overflow, Objects.requireNonNull(counter, "counter"));
    }

    /** What a full subscriber buffer does. */
    public enum Overflow {
        /** Fail the subscription with a 429 {@link io.reactivemicro.MicroException}; nothing is silently lost. */
        ERROR,
        /** Drop the oldest buffered message to make room, count it and log at powers of two. */
        DROP_OLDEST
    }
}
