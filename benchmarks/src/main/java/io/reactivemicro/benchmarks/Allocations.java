package io.reactivemicro.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by every live thread of this JVM, from HotSpot's per-thread counters ({@code
 * com.sun.management.ThreadMXBean}); -1 where the JVM does not count them.
 */
final class Allocations {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Allocations() {}

    static long total() {
        if (!(THREADS instanceof com.sun.management.ThreadMXBean hotspot)
                || !hotspot.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        hotspot.setThreadAllocatedMemoryEnabled(true);
        long sum = 0;
        for (long bytes : hotspot.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                sum += bytes;
            }
        }
        return sum;
    }

    /** The CPU time this JVM has used so far, in nanoseconds; -1 where the JVM does not tell. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    /** Heap in use after a full collection (a few, so that finalizable and soft garbage is gone too). */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
