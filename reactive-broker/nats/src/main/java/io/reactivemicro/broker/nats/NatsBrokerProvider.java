package io.reactivemicro.broker.nats;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;

/** {@code MICRO_BROKER=nats}: {@link NatsBroker} at {@code MICRO_BROKER_ADDRESS}. */
public final class NatsBrokerProvider implements BrokerProvider {

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Broker create(String address) {
        return NatsBroker.create(address);
    }
}
