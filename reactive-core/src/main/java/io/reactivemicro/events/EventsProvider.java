package io.reactivemicro.events;

/** Makes an {@link Events} by name, found through {@link java.util.ServiceLoader} ({@code MICRO_EVENTS}). */
public interface EventsProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "nats"}, {@code "redis"}. */
    String name();

    /** An events backend at {@code address} ({@code MICRO_EVENTS_ADDRESS}); empty means the plugin's default. */
    Events create(String address);
}
