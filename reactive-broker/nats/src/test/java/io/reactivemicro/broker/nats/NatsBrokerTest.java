package io.reactivemicro.broker.nats;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerConformanceKit;
import org.junit.jupiter.api.Tag;

/** The broker kit against the NATS server at {@code MICRO_BROKER_ADDRESS} when {@code MICRO_BROKER=nats}, else 127.0.0.1:4222. */
@Tag("integration")
class NatsBrokerTest extends BrokerConformanceKit {

    static String address() {
        return io.reactivemicro.broker.TestAddresses.of("BROKER", "nats", "nats://127.0.0.1:4222");
    }

    @Override
    protected Broker newBroker() {
        return NatsBroker.create(address());
    }

    @Override
    protected void close(Broker broker) {
        ((NatsBroker) broker).close();
    }
}
