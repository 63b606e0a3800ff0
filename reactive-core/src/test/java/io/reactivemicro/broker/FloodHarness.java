package io.reactivemicro.broker;

import io.reactivemicro.Metadata;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Not a test: measures the heap while 1,000,000 messages of 1 KiB flood a subscriber that takes 100 a second,
 * for docs/broker-and-events.md. Run from the repository root after {@code ./mvnw -pl reactive-core
 * test-compile}:
 *
 * <pre>
 * java -Xmx256m -cp "reactive-core/target/classes:reactive-core/target/test-classes:$(cat cp.txt)" \
 *     io.reactivemicro.broker.FloodHarness [DROP_OLDEST|ERROR] [bufferSize]
 * </pre>
 */
public final class FloodHarness {

    private FloodHarness() {}

    public static void main(String[] args) {
        SubscribeOptions.Overflow overflow =
                SubscribeOptions.Overflow.valueOf(args.length > 0 ? args[0] : "DROP_OLDEST");
        int buffer = args.length > 1 ? Integer.parseInt(args[1]) : SubscribeOptions.DEFAULT_BUFFER_SIZE;
        int n = 1_000_000;
        int size = 1024;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Broker broker = Broker.memory();
        LongAdder dropped = new LongAdder();
        AtomicLong received = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        BaseSubscriber<Message> slow = new BaseSubscriber<>() {
            Disposable ticker;

            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                ticker = Flux.interval(Duration.ofMillis(10), Schedulers.single())
                        .subscribe(t -> request(1));
            }

            @Override
            protected void hookOnNext(Message m) {
                received.incrementAndGet();
            }

            @Override
            protected void hookOnError(Throwable e) {
                failed.incrementAndGet();
                System.out.println("subscriber failed: " + e);
                ticker.dispose();
            }
        };
        broker.subscribe(
                        "flood",
                        SubscribeOptions.broadcast()
                                .withBuffer(buffer, overflow)
                                .withDropCounter(dropped))
                .subscribe(slow);
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long peak = before;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[size]; // a fresh body per message, as from the network
            broker.publish("flood", Message.of(Metadata.empty(), body)).block();
            if (i % 10_000 == 0) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        System.out.printf(
                Locale.ROOT,
                "overflow=%s buffer=%d messages=%d x %d B in %d ms; received=%d dropped=%d failed=%d;"
                        + " heap used after GC: before=%.1f MiB after=%.1f MiB (buffer bound %.1f MiB);"
                        + " max heap %.0f MiB; peak sampled %.1f MiB%n",
                overflow,
                buffer,
                n,
                size,
                ms,
                received.get(),
                dropped.sum(),
                failed.get(),
                before / 1048576.0,
                after / 1048576.0,
                buffer * (size + 64) / 1048576.0,
                memory.getHeapMemoryUsage().getMax() / 1048576.0,
                peak / 1048576.0);
        slow.dispose();
        System.exit(0);
    }
}
