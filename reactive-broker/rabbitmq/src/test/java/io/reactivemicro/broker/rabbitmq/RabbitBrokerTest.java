package io.reactivemicro.broker.rabbitmq;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerConformanceKit;
import io.reactivemicro.broker.TestAddresses;
import java.time.Duration;
import org.junit.jupiter.api.Tag;

/**
 * The broker kit against the RabbitMQ at {@code MICRO_BROKER_ADDRESS} when {@code MICRO_BROKER=rabbitmq}, else
 * guest/guest at 127.0.0.1:5672.
 */
@Tag("integration")
class RabbitBrokerTest extends BrokerConformanceKit {

    @Override
    protected Broker newBroker() {
        return RabbitBroker.create(TestAddresses.of("BROKER", "rabbitmq", RabbitBroker.DEFAULT_ADDRESS));
    }

    /** Declaring, binding and consuming a queue takes three round trips, plus the connection on first use. */
    @Override
    protected Duration settle() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected void close(Broker broker) {
        RabbitBroker rabbit = (RabbitBroker) broker;
        // the kit's groups are durable queues: remove them so that repeated runs leave nothing behind
        for (String group : new String[] {"workers", "auditors"}) {
            rabbit.deleteGroup(topic, group).block(Duration.ofSeconds(5));
        }
        rabbit.close();
    }
}
