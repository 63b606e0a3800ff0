package io.reactivemicro.broker;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to subscribe: an optional queue group, the buffer kept for a subscriber that falls behind (by default
 * 1024 messages) and what happens when it is full (by default {@link Overflow#ERROR}).
 */
public record SubscribeOptions(@Nullable String queue, int bufferSize, Overflow overflow) {

    public static final int DEFAULT_BUFFER_SIZE = 1024;

    public SubscribeOptions {
        if (queue != null && queue.isBlank()) {
            throw new IllegalArgumentException("queue: blank (expected: a name, or null for broadcast)");
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize: " + bufferSize + " (expected: > 0)");
        }
        Objects.requireNonNull(overflow, "overflow");
    }

    /** Every subscriber gets every message. */
    public static SubscribeOptions broadcast() {
        return new SubscribeOptions(null, DEFAULT_BUFFER_SIZE, Overflow.ERROR);
    }

    /** Each message goes to one member of {@code queue}. */
    public static SubscribeOptions queue(String queue) {
        return new SubscribeOptions(Objects.requireNonNull(queue, "queue"), DEFAULT_BUFFER_SIZE, Overflow.ERROR);
    }

    public SubscribeOptions withBuffer(int bufferSize, Overflow overflow) {
        return new SubscribeOptions(queue, bufferSize, overflow);
    }

    /** What a full subscriber buffer does. */
    public enum Overflow {
        /** Fail the subscription with a 429 {@link io.reactivemicro.MicroException}; nothing is silently lost. */
        ERROR,
        /** Drop the oldest buffered message to make room, and count it. */
        DROP_OLDEST
    }
}
