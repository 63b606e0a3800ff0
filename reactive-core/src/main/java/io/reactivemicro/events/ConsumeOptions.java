package io.reactivemicro.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to consume a stream, after Go Micro's {@code events.ConsumeOptions}.
 *
 * <ul>
 *   <li>{@code group}: consumers sharing a group get each event once between them and the group's position is
 *       durable (it survives its consumers). {@code null} (the default) makes a private group for this consumer
 *       alone, removed when it is cancelled: it sees every event.
 *   <li>{@code offset}: where a <em>new</em> group starts: {@code null} (the default) only events published
 *       after it is created; {@link Instant#EPOCH} ({@link #fromBeginning()}) every retained event; any other
 *       instant, the first event published at or after it. A group that already exists keeps its position.
 *   <li>{@code autoAck}: by default {@code true}: an event is acknowledged when it is handed to the subscriber
 *       ({@code onNext}); with {@code false} the subscriber calls {@link Event#ack()} or {@link Event#nack()}.
 *   <li>{@code ackWait}: an event neither acked nor nacked this long after delivery is delivered again, to any
 *       consumer of the group; default {@value #DEFAULT_ACK_WAIT_SECONDS} s, 100 ms to 1 h.
 *   <li>{@code retryLimit}: how many times an event is redelivered at most (after a nack or an ack-wait
 *       timeout) before the group gives up on it and logs it; default {@value #DEFAULT_RETRY_LIMIT}, 0 to
 *       {@value #MAX_RETRY_LIMIT}.
 *   <li>{@code bufferSize}: the most events fetched for this consumer and not yet acknowledged; default {@value
 *       #DEFAULT_BUFFER_SIZE}, 1 to {@value #MAX_BUFFER_SIZE}. Beyond it the backend keeps the events.
 * </ul>
 */
public record ConsumeOptions(
        @Nullable String group,
        @Nullable Instant offset,
        boolean autoAck,
        Duration ackWait,
        int retryLimit,
        int bufferSize) {

    public static final int DEFAULT_ACK_WAIT_SECONDS = 30;
    public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(DEFAULT_ACK_WAIT_SECONDS);
    public static final Duration MIN_ACK_WAIT = Duration.ofMillis(100);
    public static final Duration MAX_ACK_WAIT = Duration.ofHours(1);
    public static final int DEFAULT_RETRY_LIMIT = 5;
    public static final int MAX_RETRY_LIMIT = 1000;
    public static final int DEFAULT_BUFFER_SIZE = 256;
    public static final int MAX_BUFFER_SIZE = 65_536;

    public ConsumeOptions {
        if (group != null && !group.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("group: '" + group + "' (expected: 1 to 64 of A-Z a-z 0-9 _ -)");
        }
        Objects.requireNonNull(ackWait, "ackWait");
        if (ackWait.compareTo(MIN_ACK_WAIT) < 0 || ackWait.compareTo(MAX_ACK_WAIT) > 0) {
            throw new IllegalArgumentException("ackWait: " + ackWait + " (expected: 100ms to 1h)");
        }
        if (retryLimit < 0 || retryLimit > MAX_RETRY_LIMIT) {
            throw new IllegalArgumentException(
                    "retryLimit: " + retryLimit + " (expected: 0 to " + MAX_RETRY_LIMIT + ")");
        }
        if (bufferSize < 1 || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "bufferSize: " + bufferSize + " (expected: 1 to " + MAX_BUFFER_SIZE + ")");
        }
    }

    /** A private group, new events only, auto-ack, the default ack wait, retry limit and buffer. */
    public static ConsumeOptions defaults() {
        return new ConsumeOptions(null, null, true, DEFAULT_ACK_WAIT, DEFAULT_RETRY_LIMIT, DEFAULT_BUFFER_SIZE);
    }

    /** The defaults, in {@code group}. */
    public static ConsumeOptions group(String group) {
        return defaults().withGroup(Objects.requireNonNull(group, "group"));
    }

    /** The defaults, from the first retained event. */
    public static ConsumeOptions fromBeginning() {
        return defaults().withOffset(Instant.EPOCH);
    }

    public ConsumeOptions withGroup(@Nullable String group) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }

    /** A new group starts at {@code offset}; {@code null} means new events only. */
    public ConsumeOptions withOffset(@Nullable Instant offset) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }

    public ConsumeOptions withAutoAck(boolean autoAck) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }

    /** Manual acknowledgement: the subscriber calls {@link Event#ack()} or {@link Event#nack()}. */
    public ConsumeOptions manualAck() {
        return withAutoAck(false);
    }

    public ConsumeOptions withAckWait(Duration ackWait) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }

    public ConsumeOptions withRetryLimit(int retryLimit) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }

    public ConsumeOptions withBufferSize(int bufferSize) {
        return new ConsumeOptions(group, offset, autoAck, ackWait, retryLimit, bufferSize);
    }
}
