package io.reactivemicro.events;

import io.reactivemicro.Metadata;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * One event of a stream, after Go Micro's {@code events.Event}: an id unique within its topic (its position in
 * the backend: a sequence number or a Redis stream id), the topic, the timestamp it was published with, its
 * metadata and payload, and how many times it has been delivered to the group (1 the first time).
 */
public final class Event {

    /** How a backend settles a delivered event; plugins implement it. */
    public interface Acknowledger {
        /** Lazily records that the group is done with the event. */
        Mono<Void> ack();

        /** Lazily asks the backend to deliver the event again (to any consumer of the group) without waiting. */
        Mono<Void> nack();
    }

    private final String id;
    private final String topic;
    private final Instant timestamp;
    private final Metadata metadata;
    private final byte[] payload;
    private final int deliveryCount;
    private final Acknowledger acknowledger;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Event(
            String id,
            String topic,
            Instant timestamp,
            Metadata metadata,
            byte[] payload,
            int deliveryCount,
            Acknowledger acknowledger) {
        this.id = id;
        this.topic = topic;
        this.timestamp = timestamp;
        this.metadata = metadata;
        this.payload = payload;
        this.deliveryCount = deliveryCount;
        this.acknowledger = acknowledger;
    }

    /** For plugins: a delivered event; {@code payload} is not copied. */
    public static Event of(
            String id,
            String topic,
            Instant timestamp,
            Metadata metadata,
            byte[] payload,
            int deliveryCount,
            Acknowledger acknowledger) {
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("deliveryCount: " + deliveryCount + " (expected: > 0)");
        }
        return new Event(
                Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(timestamp, "timestamp"),
                Objects.requireNonNull(metadata, "metadata"),
                Objects.requireNonNull(payload, "payload"),
                deliveryCount,
                Objects.requireNonNull(acknowledger, "acknowledger"));
    }

    public String id() {
        return id;
    }

    public String topic() {
        return topic;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public Metadata metadata() {
        return metadata;
    }

    /** The payload; not a copy, so do not change it. */
    public byte[] payload() {
        return payload;
    }

    /** 1 on first delivery, then 1 more on each redelivery to the group. */
    public int deliveryCount() {
        return deliveryCount;
    }

    /**
     * Marks the event done for its group, so that it is never delivered to the group again. Lazy; completes
     * when the backend has recorded it; fails with a 503 {@link io.reactivemicro.MicroException} when the
     * backend cannot be reached (the event is then redelivered after the ack wait). Only the first of {@code
     * ack()}/{@code nack()} to be subscribed acts; later calls complete at once, as does acking an event its
     * consumer auto-acked.
     */
    public Mono<Void> ack() {
        return Mono.defer(() -> settled.compareAndSet(false, true) ? acknowledger.ack() : Mono.empty());
    }

    /**
     * Gives the event back: it is delivered again, to any consumer of the group, without waiting for the ack
     * wait — unless it has reached the retry limit, when the group gives up on it. Lazy; completes when the
     * backend has recorded it; 503 when it cannot be reached.
     */
    public Mono<Void> nack() {
        return Mono.defer(() -> settled.compareAndSet(false, true) ? acknowledger.nack() : Mono.empty());
    }

    /** True once {@link #ack()} or {@link #nack()} has been subscribed. */
    public boolean isSettled() {
        return settled.get();
    }

    @Override
    public String toString() {
        return "Event{topic=" + topic + ", id=" + id + ", delivery=" + deliveryCount + ", payload=" + payload.length
                + " bytes}";
    }
}
