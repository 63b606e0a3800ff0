package io.reactivemicro.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How long and how much each workload runs. {@link #QUICK} finishes in under two minutes, {@link #FULL} in
 * under twenty, on the two-core machine the results were taken on.
 */
record Settings(
        String mode,
        List<Integer> concurrencies,
        Duration jitWarmup,
        Duration unaryWarmup,
        Duration unaryMeasure,
        long unaryMaxCalls,
        int streamMessages,
        int streamWarmupMessages,
        int pubsubMessages,
        int gatewaySeconds,
        int gatewayWarmupSeconds,
        int idleCount) {

    static final Settings QUICK = new Settings(
            "quick",
            List.of(1, 64, 256),
            Duration.ofSeconds(6),
            Duration.ofMillis(500),
            Duration.ofMillis(1500),
            5_000_000,
            50_000,
            10_000,
            50_000,
            1,
            8,
            10);

    static final Settings FULL = new Settings(
            "full",
            List.of(1, 64, 256),
            Duration.ofSeconds(20),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            50_000_000,
            1_000_000,
            100_000,
            500_000,
            10,
            30,
            100);
}
