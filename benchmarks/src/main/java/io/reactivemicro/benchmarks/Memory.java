package io.reactivemicro.benchmarks;

import io.reactivemicro.CallOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Heap after GC per idle service (measured in the server JVM, {@code serve idle-services K}) and per idle
 * client connection (measured here: open K connections, each used once, then compare heap after GC).
 */
final class Memory {

    static final String IDLE_SERVICES = "idle-services";
    static final String PER_SERVICE = "HEAP_PER_SERVICE ";
    static final String ADDRESSES = "ADDRESSES ";

    private Memory() {}

    /** One figure: bytes of heap after GC per idle thing, for a contender. */
    record Figure(String what, String contender, int count, long bytesEach) {}

    /**
     * Serves {@code count} + 1 idle Reactive Micro services in this JVM; prints what each after the first costs,
     * and all their addresses.
     */
    static List<BenchServer> serveIdleServices(int count) {
        List<BenchServer> servers = new ArrayList<>();
        servers.add(BenchServer.micro()); // the first one also pays for class loading and shared caches
        long before = Allocations.heapAfterGc();
        for (int i = 0; i < count; i++) {
            servers.add(BenchServer.micro());
        }
        long after = Allocations.heapAfterGc();
        System.out.println(PER_SERVICE + (after - before) / count);
        List<String> addresses =
                servers.stream().map(s -> BenchServer.HOST + ":" + s.port()).toList();
        System.out.println(ADDRESSES + String.join(",", addresses));
        return servers;
    }

    /** Reactive Micro: one connection per node, through the client's pool; the first connection is not counted. */
    static Figure microConnections(List<String> addresses) throws Exception {
        try (MicroContender micro = new MicroContender(addresses)) {
            Consumer<String> callOnce = a -> micro.client()
                    .call(
                            MicroContender.SERVICE,
                            "BenchApi.unary",
                            Payloads.MESSAGE,
                            Msg.class,
                            CallOptions.builder().address(a).build())
                    .block();
            callOnce.accept(addresses.get(0));
            long before = Allocations.heapAfterGc();
            addresses.subList(1, addresses.size()).forEach(callOnce);
            long after = Allocations.heapAfterGc();
            return new Figure(
                    "idle connection",
                    MicroContender.NAME,
                    addresses.size() - 1,
                    (after - before) / (addresses.size() - 1));
        }
    }

    /** Any contender whose every instance is one connection: {@code count} of them, each used once. */
    static Figure connections(String name, int count, IntFunction<Contender> open) throws Exception {
        List<Contender> opened = new ArrayList<>();
        try {
            Contender first = open.apply(0);
            opened.add(first);
            unaryOnce(first);
            long before = Allocations.heapAfterGc();
            for (int i = 0; i < count; i++) {
                Contender c = open.apply(i);
                opened.add(c);
                unaryOnce(c);
            }
            long after = Allocations.heapAfterGc();
            return new Figure("idle connection", name, count, (after - before) / count);
        } finally {
            opened.forEach(Contender::close);
        }
    }

    static void unaryOnce(Contender contender) throws Exception {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        contender.unary(new Completion() {
            @Override
            public void complete(long messages) {
                reply.complete(messages);
            }

            @Override
            public void fail(Throwable error) {
                reply.completeExceptionally(error);
            }
        });
        reply.get(10, TimeUnit.SECONDS);
    }
}
