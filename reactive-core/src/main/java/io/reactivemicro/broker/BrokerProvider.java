package io.reactivemicro.broker;

/** Makes a {@link Broker} by name, found through {@link java.util.ServiceLoader} ({@code MICRO_BROKER}). */
public interface BrokerProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "nats"}. */
    String name();

    /** A broker at {@code address} ({@code MICRO_BROKER_ADDRESS}); empty means the plugin's default. */
    Broker create(String address);
}
