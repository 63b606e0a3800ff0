package io.reactivemicro.benchmarks;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.SubscribeOptions;
import io.reactivemicro.broker.nats.NatsBroker;
import io.reactivemicro.broker.rsocket.RSocketBroker;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.RSocketTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Pub/sub fan-out: one publisher, two subscribers on their own connections, every message delivered to
 * both; throughput is deliveries per second (twice the messages published). Each contender is one {@link
 * FanOut}: Reactive Micro through broker-nats and through the default rsocket broker, and raw jnats.
 */
final class PubSub {

    static final String NATS_HOST = "127.0.0.1";
    static final int NATS_PORT = 4222;
    static final String NATS_URL = "nats://" + NATS_HOST + ":" + NATS_PORT;

    /** Subscriber buffer for the Reactive Micro side: large enough that a burst is not dropped. */
    static final int SUBSCRIBER_BUFFER = 1 << 17;

    private PubSub() {}

    /** One pub/sub stack under test. */
    interface FanOut {
        String name();

        /** Publishes {@code messages} with {@code concurrency} publishes in flight; the result counts deliveries. */
        Result run(int concurrency, int messages) throws Exception;
    }

    static List<FanOut> contenders() {
        return List.of(new MicroNats(), new MicroRSocket(), new RawJnats());
    }

    /** Whether NATS answers on {@link #NATS_PORT}. */
    static boolean natsReachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(NATS_HOST, NATS_PORT), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result result(
            String contender, int concurrency, long delivered, long nanos, long errors, long dropped, boolean done) {
        String note = (dropped > 0 ? dropped + " dropped by subscriber buffers; " : "")
                + (done ? "" : "not all delivered within " + Driver.DRAIN.toSeconds() + " s");
        return new Result(
                "pubsub",
                concurrency,
                contender,
                delivered / (nanos / 1e9),
                null,
                null,
                null,
                null,
                null,
                errors,
                note);
    }

    /**
     * Reactive Micro: {@code client.publish(topic, msg)} (JSON codec, sender and trace headers) through a
     * service's broker, to two subscriber brokers of the same plugin (each its own connection or server) whose
     * messages are decoded with the codec, as a service's subscription does. The subscribers use {@link
     * Broker#subscribe} directly for a larger buffer than the service builder's default 1,024 (a publisher
     * running flat out outpaces any consumer for a moment).
     */
    abstract static class MicroFanOut implements FanOut {

        /** A new broker of the plugin under test. */
        abstract Broker open();

        abstract void close(Broker broker);

        /** Returns once both subscriptions to {@code topic} are in place on the backend. */
        abstract void awaitSubscribed(String topic) throws Exception;

        @Override
        public Result run(int concurrency, int messages) throws Exception {
            String topic = "bench.micro." + System.nanoTime();
            LongAdder delivered = new LongAdder();
            LongAdder dropped = new LongAdder();
            CountDownLatch all = new CountDownLatch(2);
            Codec.Decoder decoder = Codec.json().decoder(Msg.class);
            List<Broker> subscribers = List.of(open(), open());
            List<Disposable> subscriptions = new ArrayList<>();
            Broker publisherBroker = open();
            Service publisher = Micro.service("bench-publisher")
                    .address(BenchServer.HOST + ":0")
                    .registry(Registry.memory())
                    .broker(publisherBroker)
                    .build();
            try {
                for (Broker broker : subscribers) {
                    LongAdder mine = new LongAdder();
                    subscriptions.add(broker.subscribe(
                                    topic,
                                    SubscribeOptions.broadcast()
                                            .withBuffer(SUBSCRIBER_BUFFER, SubscribeOptions.Overflow.DROP_OLDEST)
                                            .withDropCounter(dropped))
                            .subscribe(m -> {
                                decoder.decode(m.body());
                                delivered.increment();
                                mine.increment();
                                if (mine.sum() == messages) {
                                    all.countDown();
                                }
                            }));
                }
                publisher.start().block();
                awaitSubscribed(topic);
                LongAdder errors = new LongAdder();
                long start = System.nanoTime();
                Flux.range(0, messages)
                        .flatMap(
                                i -> publisher
                                        .client()
                                        .publish(topic, Payloads.MESSAGE)
                                        .onErrorResume(e -> {
                                            errors.increment();
                                            return reactor.core.publisher.Mono.empty();
                                        }),
                                concurrency)
                        .blockLast(Driver.DRAIN);
                boolean done = all.await(Driver.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
                long elapsed = System.nanoTime() - start;
                return result(name(), concurrency, delivered.sum(), elapsed, errors.sum(), dropped.sum(), done);
            } finally {
                subscriptions.forEach(Disposable::dispose);
                publisher.stop().block();
                close(publisherBroker);
                subscribers.forEach(this::close);
            }
        }
    }

    /** Reactive Micro with broker-nats: every broker is a {@link NatsBroker} with its own connection. */
    static final class MicroNats extends MicroFanOut {
        @Override
        public String name() {
            return MicroContender.NAME;
        }

        @Override
        Broker open() {
            return NatsBroker.create(NATS_URL);
        }

        @Override
        void close(Broker broker) {
            ((NatsBroker) broker).close();
        }

        @Override
        void awaitSubscribed(String topic) throws Exception {
            // a round trip through NATS so that both SUBs are in place before the first message
            Connection probe = Nats.connect(NATS_URL);
            probe.flush(Duration.ofSeconds(5));
            probe.close();
            Thread.sleep(200);
        }
    }

    /**
     * Reactive Micro with the default rsocket broker: no server in between; the two subscriber brokers each
     * serve RSocket and advertise themselves in a registry the publisher's broker reads from its cache.
     */
    static final class MicroRSocket extends MicroFanOut {
        static final String NAME = "reactive-micro-rsocket";

        private final Registry registry = Registry.memory();

        @Override
        public String name() {
            return NAME;
        }

        @Override
        Broker open() {
            return RSocketBroker.create(registry, RSocketTransport.create(), BenchServer.HOST + ":0");
        }

        @Override
        void close(Broker broker) {
            ((RSocketBroker) broker).dispose();
        }

        @Override
        void awaitSubscribed(String topic) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.getService("micro.broker:" + topic).block().stream()
                            .mapToInt(r -> r.nodes().size())
                            .sum()
                    < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rsocket subscribers not advertised within 10 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Raw jnats: one publishing connection, two subscribing connections with a dispatcher each. jnats'
     * publish is fire-and-forget into the connection's outgoing buffer, so "in flight" does not apply: the
     * publisher runs flat out at every concurrency.
     */
    static final class RawJnats implements FanOut {
        @Override
        public String name() {
            return "raw-jnats";
        }

        @Override
        public Result run(int concurrency, int messages) throws Exception {
            String topic = "bench.jnats." + System.nanoTime();
            LongAdder delivered = new LongAdder();
            CountDownLatch all = new CountDownLatch(2);
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Connection c = Nats.connect(NATS_URL);
                    connections.add(c);
                    long[] mine = {0};
                    Dispatcher d = c.createDispatcher(m -> {
                        delivered.increment();
                        if (++mine[0] == messages) {
                            all.countDown();
                        }
                    });
                    d.setPendingLimits(-1, -1);
                    d.subscribe(topic);
                    c.flush(Duration.ofSeconds(5));
                }
                Connection publisher = Nats.connect(NATS_URL);
                connections.add(publisher);
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    publisher.publish(topic, Payloads.MESSAGE_BYTES);
                }
                publisher.flush(Driver.DRAIN);
                boolean done = all.await(Driver.DRAIN.toMillis(), TimeUnit.MILLISECONDS);
                long elapsed = System.nanoTime() - start;
                return result(name(), concurrency, delivered.sum(), elapsed, 0, 0, done);
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        }
    }
}
