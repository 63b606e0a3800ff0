package io.reactivemicro.broker.redis;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerConformanceKit;
import io.reactivemicro.broker.TestAddresses;
import org.junit.jupiter.api.Tag;

/** The broker kit against the Redis at {@code MICRO_BROKER_ADDRESS} when {@code MICRO_BROKER=redis}, else 127.0.0.1:6379. */
@Tag("integration")
class RedisBrokerTest extends BrokerConformanceKit {

    @Override
    protected Broker newBroker() {
        return RedisBroker.create(TestAddresses.of("BROKER", "redis", "redis://127.0.0.1:6379"));
    }

    @Override
    protected void close(Broker broker) {
        ((RedisBroker) broker).close();
    }

    @Override
    protected boolean supportsQueueGroups() {
        return false;
    }
}
