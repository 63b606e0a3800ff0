package io.reactivemicro.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Runs one workload against one contender with a fixed number of calls in flight: each of {@code concurrency}
 * lanes starts its next call when the previous one ends. Every run is bounded by a duration and by a count of
 * calls, whichever comes first, and waits at most {@link #DRAIN} for the calls in flight at the end.
 */
final class Driver {

    /** How long a run waits for its last calls before it gives up on them. */
    static final Duration DRAIN = Duration.ofSeconds(30);

    /** A run stops early after this many failed calls: the contender is broken, not slow. */
    static final long MAX_ERRORS = 1_000;

    private Driver() {}

    /**
     * Request-response: {@code warmup} unrecorded, then {@code measure} recorded into an HdrHistogram; at
     * most {@code maxCalls} calls in all.
     */
    static Result unary(Contender contender, int concurrency, Duration warmup, Duration measure, long maxCalls)
            throws InterruptedException {
        return unary(contender, concurrency, warmup, measure, maxCalls, () -> -1);
    }

    /** As above; {@code serverCpuNanos} reads the CPU time of the contender's server JVM. */
    static Result unary(
            Contender contender,
            int concurrency,
            Duration warmup,
            Duration measure,
            long maxCalls,
            LongSupplier serverCpuNanos)
            throws InterruptedException {
        UnaryRun run = new UnaryRun(contender, concurrency, maxCalls);
        run.start();
        Thread.sleep(warmup.toMillis());
        run.recorder.reset();
        long allocatedBefore = Allocations.total();
        CpuWindow cpu = new CpuWindow(serverCpuNanos);
        long start = System.nanoTime();
        run.recording = true;
        run.finished.await(measure.toMillis(), TimeUnit.MILLISECONDS);
        run.recording = false;
        long elapsed = System.nanoTime() - start;
        long completed = run.completed.sum();
        long allocated = Allocations.total() - allocatedBefore;
        Double cpuPerCall = cpu.microsPer(completed);
        Histogram histogram = run.recorder.getIntervalHistogram();
        run.stopping = true;
        boolean drained = run.finished.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(
                "unary",
                concurrency,
                contender.name(),
                completed / (elapsed / 1e9),
                histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3,
                allocatedBefore < 0 || completed == 0 ? null : (double) allocated / completed,
                cpuPerCall,
                run.errors.sum(),
                drained ? "" : "calls still in flight after " + DRAIN.toSeconds() + " s");
    }

    /**
     * Streams ({@code workload} "stream") or channels ("channel"): {@code messages} in all, split evenly over
     * {@code concurrency} calls running at once; throughput is messages received per second.
     */
    static Result streaming(Contender contender, String workload, int concurrency, int messages)
            throws InterruptedException {
        return streaming(contender, workload, concurrency, messages, () -> -1);
    }

    /** As above; {@code serverCpuNanos} reads the CPU time of the contender's server JVM. */
    static Result streaming(
            Contender contender, String workload, int concurrency, int messages, LongSupplier serverCpuNanos)
            throws InterruptedException {
        int perCall = Math.max(1, messages / concurrency);
        CountDownLatch finished = new CountDownLatch(concurrency);
        LongAdder received = new LongAdder();
        LongAdder errors = new LongAdder();
        Completion done = new Completion() {
            @Override
            public void complete(long count) {
                received.add(count);
                finished.countDown();
            }

            @Override
            public void fail(Throwable error) {
                errors.increment();
                finished.countDown();
            }
        };
        long allocatedBefore = Allocations.total();
        CpuWindow cpu = new CpuWindow(serverCpuNanos);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            if (workload.equals("stream")) {
                contender.stream(perCall, done);
            } else {
                contender.channel(perCall, done);
            }
        }
        boolean drained = finished.await(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        long elapsed = System.nanoTime() - start;
        long allocated = Allocations.total() - allocatedBefore;
        long count = received.sum();
        Double cpuPerMessage = cpu.microsPer(count);
        long expected = (long) perCall * concurrency;
        String note = !drained
                ? "not finished after " + DRAIN.toSeconds() + " s"
                : count != expected ? "received " + count + " of " + expected + " messages" : "";
        return new Result(
                workload,
                concurrency,
                contender.name(),
                count / (elapsed / 1e9),
                null,
                null,
                null,
                allocatedBefore < 0 || count == 0 ? null : (double) allocated / count,
                cpuPerMessage,
                errors.sum(),
                note);
    }

    /** The CPU time both JVMs spend from its creation to {@link #microsPer}. */
    private static final class CpuWindow {
        private final LongSupplier server;
        private final long clientBefore;
        private final long serverBefore;

        CpuWindow(LongSupplier server) {
            this.server = server;
            this.clientBefore = Allocations.cpuNanos();
            this.serverBefore = server.getAsLong();
        }

        /** Microseconds of CPU, both JVMs together, per one of {@code count}; null when either is unknown. */
        @Nullable
        Double microsPer(long count) {
            long client = Allocations.cpuNanos();
            long srv = server.getAsLong();
            if (count == 0 || clientBefore < 0 || serverBefore < 0 || client < 0 || srv < 0) {
                return null;
            }
            return (client - clientBefore + srv - serverBefore) / 1e3 / count;
        }
    }

    /** The lanes of one request-response run. */
    private static final class UnaryRun {
        final Contender contender;
        final int concurrency;
        final long maxCalls;
        final Recorder recorder = new Recorder(3);
        final LongAdder completed = new LongAdder();
        final LongAdder errors = new LongAdder();
        final AtomicLong started = new AtomicLong();
        final CountDownLatch finished;
        volatile boolean recording;
        volatile boolean stopping;

        UnaryRun(Contender contender, int concurrency, long maxCalls) {
            this.contender = contender;
            this.concurrency = concurrency;
            this.maxCalls = maxCalls;
            this.finished = new CountDownLatch(concurrency);
        }

        void start() {
            for (int i = 0; i < concurrency; i++) {
                next();
            }
        }

        /** Starts a lane's next call, or ends the lane. */
        void next() {
            if (stopping || started.incrementAndGet() > maxCalls) {
                finished.countDown();
                return;
            }
            long begin = System.nanoTime();
            boolean recorded = recording;
            contender.unary(new Completion() {
                @Override
                public void complete(long messages) {
                    // only calls started and ended while recording count, so rate and latencies agree
                    if (recorded && recording) {
                        recorder.recordValue(System.nanoTime() - begin);
                        completed.increment();
                    }
                    next();
                }

                @Override
                public void fail(Throwable error) {
                    errors.increment();
                    if (errors.sum() >= MAX_ERRORS) {
                        stopping = true;
                    }
                    next();
                }
            });
        }
    }
}
