package io.reactivemicro.broker.rsocket;

import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.BrokerConformanceKit;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.RSocketTransport;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The broker kit across nodes: every test's subscriptions are spread over three brokers, each with its own
 * RSocket server, and every message is published by a fourth; they find each other in one registry. So each
 * delivery the kit checks crossed a real loopback connection between two brokers.
 */
class RSocketBrokerTest extends BrokerConformanceKit {

    @Override
    protected Broker newBroker() {
        Registry registry = Registry.memory();
        List<RSocketBroker> subscribers = List.of(node(registry), node(registry), node(registry));
        return new Spread(node(registry), subscribers);
    }

    @Override
    protected void close(Broker broker) {
        ((Spread) broker).dispose();
    }

    static RSocketBroker node(Registry registry) {
        return RSocketBroker.create(registry, RSocketTransport.create(), "127.0.0.1:0");
    }

    /** Publishes through one broker and hands each new subscription to the next of the others in turn. */
    private record Spread(RSocketBroker publisher, List<RSocketBroker> subscribers, AtomicInteger turn)
            implements Broker {

        Spread(RSocketBroker publisher, List<RSocketBroker> subscribers) {
            this(publisher, subscribers, new AtomicInteger());
        }

        @Override
        public Mono<Void> publish(String topic, Message message) {
            return publisher.publish(topic, message);
        }

        @Override
        public Flux<Message> subscribe(String topic, SubscribeOptions options) {
            return subscribers.get(turn.getAndIncrement() % subscribers.size()).subscribe(topic, options);
        }

        void dispose() {
            publisher.dispose();
            subscribers.forEach(RSocketBroker::dispose);
        }
    }
}
