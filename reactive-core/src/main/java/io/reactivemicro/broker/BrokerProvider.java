package io.reactivemicro.broker;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Transport;

/** Makes a {@link Broker} by name, found through {@link java.util.ServiceLoader} ({@code MICRO_BROKER}). */
public interface BrokerProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "nats"}. */
    String name();

    /**
     * A broker at {@code address} ({@code MICRO_BROKER_ADDRESS}); empty means the plugin's default. A broker
     * that needs to find its peers takes the registry named by {@code MICRO_REGISTRY}.
     */
    Broker create(String address);

    /**
     * A broker for a service that uses {@code registry} and {@code transport}: a broker without a central server
     * finds its peers in the service's registry and reaches them over its transport. By default the same as
     * {@link #create(String)}, for brokers with a server of their own.
     */
    default Broker create(String address, Registry registry, Transport transport) {
        return create(address);
    }
}
