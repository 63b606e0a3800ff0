package io.reactivemicro.broker.rabbitmq;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerProvider;

/** {@code MICRO_BROKER=rabbitmq}: {@link RabbitBroker} at {@code MICRO_BROKER_ADDRESS}. */
public final class RabbitBrokerProvider implements BrokerProvider {

    @Override
    public String name() {
        return "rabbitmq";
    }

    @Override
    public Broker create(String address) {
        return RabbitBroker.create(address);
    }
}
