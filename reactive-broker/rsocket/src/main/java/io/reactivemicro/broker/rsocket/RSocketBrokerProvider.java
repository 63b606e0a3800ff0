package io.reactivemicro.broker.rsocket;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.RSocketTransport;
import io.reactivemicro.transport.Transport;

/**
 * {@code MICRO_BROKER=rsocket}, the default when this artifact is on the classpath. {@code MICRO_BROKER_ADDRESS}
 * is where a subscribing process receives messages ({@code host:port}; by default a free loopback port).
 */
public final class RSocketBrokerProvider implements BrokerProvider {

    static final String DEFAULT_ADDRESS = "127.0.0.1:0";

    @Override
    public String name() {
        return "rsocket";
    }

    /** A broker finding its peers in the registry {@code MICRO_REGISTRY} names. */
    @Override
    public Broker create(String address) {
        return create(address, Registry.fromConfig(), RSocketTransport.create());
    }

    @Override
    public Broker create(String address, Registry registry, Transport transport) {
        return RSocketBroker.create(registry, transport, address.isBlank() ? DEFAULT_ADDRESS : address);
    }
}
