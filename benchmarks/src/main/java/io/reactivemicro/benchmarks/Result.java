package io.reactivemicro.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * One measured cell: a workload at a concurrency for a contender. Latencies are in microseconds and absent
 * for workloads that measure only throughput; {@code bytesPerCall} is what the client JVM allocated per call
 * or message, all threads together; {@code cpuUsPerCall} the CPU time the client JVM and the contender's server
 * JVM spent together per call or message while the cell ran (absent where not measured). CPU time per call
 * is the figure to compare across runs on a shared machine: unlike throughput it hardly moves when another
 * process takes the CPU.
 */
record Result(
        String workload,
        int concurrency,
        String contender,
        double throughput,
        @Nullable Double p50Us,
        @Nullable Double p99Us,
        @Nullable Double p999Us,
        @Nullable Double bytesPerCall,
        @Nullable Double cpuUsPerCall,
        long errors,
        String note) {

    static Result pending(String workload, int concurrency, String contender, String note) {
        return new Result(workload, concurrency, contender, 0, null, null, null, null, null, 0, note);
    }

    boolean measured() {
        return throughput > 0;
    }
}
