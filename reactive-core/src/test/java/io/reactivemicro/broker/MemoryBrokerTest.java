package io.reactivemicro.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class MemoryBrokerTest extends BrokerConformanceKit {

    @Override
    protected Broker newBroker() {
        return Broker.memory();
    }

    @Override
    protected Duration settle() {
        return Duration.ZERO;
    }

    /** A subscriber that asks for one message every 10 ms: 100 messages a second. */
    static final class HundredPerSecond extends BaseSubscriber<Message> {
        final AtomicLong received = new AtomicLong();
        final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();

        @Nullable
        Disposable ticker;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            ticker = Flux.interval(Duration.ofMillis(10), Schedulers.single()).subscribe(t -> request(1));
        }

        @Override
        protected void hookOnNext(Message value) {
            received.incrementAndGet();
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        protected void hookFinally(reactor.core.publisher.SignalType type) {
            if (ticker != null) {
                ticker.dispose();
            }
        }
    }

    @Test
    void aMillionMessagesAtAHundredPerSecondSubscriberDropTheOldestAndKeepTheBufferBounded() {
        int n = 1_000_000;
        int buffer = 1024;
        LongAdder dropped = new LongAdder();
        HundredPerSecond slow = new HundredPerSecond();
        // the subscriber takes from its first tick on: count the time from subscription
        long start = System.nanoTime();
        broker.subscribe(
                        topic,
                        SubscribeOptions.broadcast()
                                .withBuffer(buffer, SubscribeOptions.Overflow.DROP_OLDEST)
                                .withDropCounter(dropped))
                .subscribe(slow);
        Message m = Message.of(Metadata.empty(), new byte[16]);
        for (int i = 0; i < n; i++) {
            broker.publish(topic, m).block();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long received = slow.received.get();
        // What the subscriber has not taken is either dropped or waiting in the buffer, which never exceeds its bound.
        long waiting = n - received - dropped.sum();
        assertThat(waiting).isBetween(0L, (long) buffer);
        assertThat(received).isLessThanOrEqualTo(elapsedMs / 10 + 10);
        assertThat(dropped.sum()).isGreaterThanOrEqualTo(n - buffer - received);
        slow.cancel();
        assertThat(slow.error.get()).isNull();
    }

    @Test
    void aMillionMessagesAtAHundredPerSecondSubscriberFailItWith429UnderOverflowError() {
        int n = 1_000_000;
        int buffer = 1024;
        HundredPerSecond slow = new HundredPerSecond();
        broker.subscribe(topic, SubscribeOptions.broadcast().withBuffer(buffer, SubscribeOptions.Overflow.ERROR))
                .subscribe(slow);
        Message m = Message.of(Metadata.empty(), new byte[16]);
        for (int i = 0; i < n; i++) {
            broker.publish(topic, m).block();
        }
        assertThat(slow.error.get()).isInstanceOfSatisfying(MicroException.class, e -> assertThat(e.code())
                .isEqualTo(429));
        // The failed subscription unsubscribed: the rest of the flood went nowhere.
        assertThat(slow.received.get()).isLessThanOrEqualTo(buffer + 100);
    }
}
