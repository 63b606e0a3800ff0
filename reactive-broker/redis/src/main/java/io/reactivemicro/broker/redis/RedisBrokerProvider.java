package io.reactivemicro.broker.redis;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;

/** {@code MICRO_BROKER=redis}: {@link RedisBroker} at {@code MICRO_BROKER_ADDRESS}. */
public final class RedisBrokerProvider implements BrokerProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Broker create(String address) {
        return RedisBroker.create(address);
    }
}
