package io.reactivemicro.events;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to publish an event: its timestamp, by default the time of publishing (as Go Micro's {@code
 * WithTimestamp}). The event's metadata are the message's headers.
 */
public record PublishOptions(@Nullable Instant timestamp) {

    private static final PublishOptions DEFAULTS = new PublishOptions(null);

    /** The timestamp is the time of publishing. */
    public static PublishOptions defaults() {
        return DEFAULTS;
    }

    /** The event carries {@code timestamp} instead of the time of publishing. */
    public static PublishOptions timestamp(Instant timestamp) {
        return new PublishOptions(Objects.requireNonNull(timestamp, "timestamp"));
    }
}
