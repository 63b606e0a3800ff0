package io.reactivemicro.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.reactivemicro.codec.Codec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code compare [--quick] [--json FILE] [--only unary,stream,...]}: every contender's server in its own
 * child JVM, the clients in this one, every workload at every concurrency, contenders interleaved within each
 * cell so that a noisy neighbour hurts them alike; prints a markdown report.
 */
final class Compare {

    static final Set<String> WORKLOADS = Set.of("unary", "stream", "channel", "pubsub", "gateway", "memory");

    private final Settings settings;
    private final Set<String> only;
    private final Consumer<String> out;
    private final List<Result> results = new ArrayList<>();
    private final List<Memory.Figure> memory = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, LongSupplier> serverCpu = new LinkedHashMap<>();

    /** {@code only}: the workloads to run, and optionally the contenders (by name) to run them against. */
    Compare(Settings settings, Set<String> only, Consumer<String> out) {
        this.settings = settings;
        this.only = only;
        this.out = out;
    }

    static void main(List<String> args) throws Exception {
        Settings settings = Settings.FULL;
        Path json = null;
        Set<String> only = WORKLOADS;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--quick" -> settings = Settings.QUICK;
                case "--json" -> json = Path.of(args.get(++i));
                case "--only" -> only = Set.of(args.get(++i).split(","));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args.get(i)
                                    + " (usage: compare [--quick] [--json FILE] [--only unary,stream,channel,pubsub,gateway,memory[,CONTENDER...]])");
            }
        }
        Compare compare = new Compare(settings, only, System.out::println);
        compare.run();
        System.out.println(compare.report());
        if (json != null) {
            Files.writeString(json, compare.json());
        }
    }

    void run() throws Exception {
        out.accept("running " + settings.mode() + " mode; " + environment().get("cpus") + " CPUs");
        heapNote(vmOption("InitialHeapSize"), vmOption("MaxHeapSize"), vmOption("AlwaysPreTouch"))
                .ifPresent(note -> {
                    notes.add(note);
                    out.accept(note);
                });
        try (ChildServer microServer = ChildServer.start(MicroContender.NAME);
                ChildServer rawServer = ChildServer.start(RawRSocketContender.NAME);
                ChildServer grpcServer = ChildServer.start(GrpcContender.NAME)) {
            List<Contender> contenders = List.of(
                    new MicroContender(List.of(BenchServer.HOST + ":" + microServer.port())),
                    new RawRSocketContender(rawServer.port()),
                    new GrpcContender(grpcServer.port()));
            serverCpu.put(MicroContender.NAME, microServer::cpuNanos);
            serverCpu.put(RawRSocketContender.NAME, rawServer::cpuNanos);
            serverCpu.put(GrpcContender.NAME, grpcServer::cpuNanos);
            Set<String> names = Set.of(MicroContender.NAME, RawRSocketContender.NAME, GrpcContender.NAME);
            List<Contender> chosen = only.stream().anyMatch(names::contains)
                    ? contenders.stream().filter(c -> only.contains(c.name())).toList()
                    : contenders;
            try {
                rpcWorkloads(chosen);
            } finally {
                contenders.forEach(Contender::close);
            }
            if (only.contains("memory")) {
                memory(rawServer.port(), grpcServer.port());
            }
        }
        if (only.contains("pubsub")) {
            pubsub();
        }
        if (only.contains("gateway")) {
            gateway();
        }
    }

    /**
     * Unary, stream and channel against the running servers, after a warm-up of every contender at 64 in
     * flight (so that the JIT has compiled each one's path before anything counts: a cold stack measured at
     * one call in flight would never get there).
     */
    void rpcWorkloads(List<Contender> contenders) throws Exception {
        for (Contender contender : contenders) {
            Driver.unary(contender, 64, Duration.ZERO, settings.jitWarmup(), settings.unaryMaxCalls());
            Driver.streaming(contender, "stream", 64, settings.streamWarmupMessages());
            Driver.streaming(contender, "channel", 64, settings.streamWarmupMessages());
        }
        for (String workload : List.of("unary", "stream", "channel")) {
            if (!only.contains(workload)) {
                continue;
            }
            if (!workload.equals("unary") && settings.streamMessages() < 1_000_000) {
                notes.add(workload + ": " + settings.streamMessages() + " messages per run in " + settings.mode()
                        + " mode (the full run streams 1,000,000)");
            }
            for (int concurrency : settings.concurrencies()) {
                for (Contender contender : contenders) {
                    record(measure(contender, workload, concurrency));
                }
            }
        }
    }

    Result measure(Contender contender, String workload, int concurrency) throws InterruptedException {
        LongSupplier server = serverCpu.getOrDefault(contender.name(), () -> -1);
        if (workload.equals("unary")) {
            return Driver.unary(
                    contender,
                    concurrency,
                    settings.unaryWarmup(),
                    settings.unaryMeasure(),
                    settings.unaryMaxCalls(),
                    server);
        }
        Driver.streaming(contender, workload, concurrency, settings.streamWarmupMessages());
        return Driver.streaming(contender, workload, concurrency, settings.streamMessages(), server);
    }

    private void memory(int rawPort, int grpcPort) throws Exception {
        int count = settings.idleCount();
        try (ChildServer idle = ChildServer.start(Memory.IDLE_SERVICES, Integer.toString(count))) {
            List<String> addresses = List.of();
            for (String line : idle.lines()) {
                if (line.startsWith(Memory.PER_SERVICE)) {
                    long each = Long.parseLong(
                            line.substring(Memory.PER_SERVICE.length()).trim());
                    memory.add(new Memory.Figure("idle service (server JVM)", MicroContender.NAME, count, each));
                } else if (line.startsWith(Memory.ADDRESSES)) {
                    addresses = List.of(
                            line.substring(Memory.ADDRESSES.length()).trim().split(","));
                }
            }
            memory.add(Memory.microConnections(addresses));
        }
        memory.add(Memory.connections(RawRSocketContender.NAME, count, i -> new RawRSocketContender(rawPort)));
        memory.add(Memory.connections(GrpcContender.NAME, count, i -> new GrpcContender(grpcPort)));
        memory.forEach(f -> out.accept("memory " + f));
    }

    private void pubsub() throws Exception {
        if (!PubSub.natsReachable()) {
            notes.add("pubsub: skipped, no NATS at " + PubSub.NATS_URL + " (start nats-server to run it)");
            out.accept(notes.get(notes.size() - 1));
            return;
        }
        for (PubSub.FanOut fanOut : PubSub.contenders()) {
            fanOut.run(64, settings.pubsubMessages() / 5);
        }
        for (int concurrency : settings.concurrencies()) {
            for (PubSub.FanOut fanOut : PubSub.contenders()) {
                record(fanOut.run(concurrency, settings.pubsubMessages()));
            }
        }
    }

    private void gateway() throws Exception {
        Optional<Path> wrk = Gateway.wrk();
        if (wrk.isEmpty()) {
            notes.add("gateway: skipped, wrk is not installed (apt-get install wrk)");
            out.accept(notes.get(notes.size() - 1));
            return;
        }
        Path post = Gateway.postScript();
        try (ChildServer hello = ChildServer.start(Gateway.HTTP_HELLO);
                ChildServer micro = ChildServer.start(Gateway.MICRO_GATEWAY)) {
            String floor = "http://" + BenchServer.HOST + ":" + hello.port() + Gateway.PATH;
            String gateway = "http://" + BenchServer.HOST + ":" + micro.port() + Gateway.MICRO_PATH;
            Optional<String> wrong = Gateway.checkAnswer(floor, null)
                    .map(why -> Gateway.FLOOR + " " + why)
                    .or(() -> checkGateway(gateway));
            if (wrong.isPresent()) {
                notes.add("gateway: not measured, " + wrong.get());
                out.accept(notes.get(notes.size() - 1));
                return;
            }
            // both JVMs compile for 20 s or more on two cores: a shorter warm-up measured the JIT compiler
            Gateway.run(wrk.get(), Gateway.FLOOR, floor, null, 64, settings.gatewayWarmupSeconds());
            Gateway.run(wrk.get(), Gateway.MICRO_GATEWAY, gateway, post, 64, settings.gatewayWarmupSeconds());
            for (int concurrency : settings.concurrencies()) {
                record(Gateway.run(wrk.get(), Gateway.FLOOR, floor, null, concurrency, settings.gatewaySeconds()));
                record(Gateway.run(
                        wrk.get(), Gateway.MICRO_GATEWAY, gateway, post, concurrency, settings.gatewaySeconds()));
            }
        }
    }

    private static Optional<String> checkGateway(String url) {
        try {
            return Gateway.checkAnswer(url, Payloads.MESSAGE_BYTES).map(why -> Gateway.MICRO_GATEWAY + " " + why);
        } catch (java.io.IOException e) {
            return Optional.of(Gateway.MICRO_GATEWAY + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Gateway.MICRO_GATEWAY + " check interrupted");
        }
    }

    private void record(Result result) {
        results.add(result);
        out.accept(String.format(
                "%-8s c=%-4d %-22s %,12.0f/s p50=%s p99=%s %s",
                result.workload(),
                result.concurrency(),
                result.contender(),
                result.throughput(),
                us(result.p50Us()),
                us(result.p99Us()),
                result.note()));
    }

    List<Result> results() {
        return results;
    }

    List<Memory.Figure> memory() {
        return memory;
    }

    /** The flags the README runs the harness's JVM with, as the servers' JVMs run. */
    static final String CLIENT_JVM_FLAGS = "-Xms2g -Xmx2g -XX:+AlwaysPreTouch";

    /**
     * A note for the report when the harness's own heap may grow during the run, from the values of the JVM
     * options of those names: the pages a growing heap takes are paid for by whichever cell runs then.
     */
    static Optional<String> heapNote(String initialHeap, String maxHeap, String preTouch) {
        if (initialHeap.equals(maxHeap) && preTouch.equals("true")) {
            return Optional.empty();
        }
        return Optional.of("client JVM: heap not fixed and touched at start (run java " + CLIENT_JVM_FLAGS
                + " -jar ...): a heap that grows during the run puts page faults into the cells it grows in");
    }

    private static String vmOption(String name) {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption(name)
                .getValue();
    }

    /** Machine and JVM facts, for the report. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put(
                "client JVM flags",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.put("client JVM max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        env.put(
                "client JVM GC",
                String.join(
                        ", ",
                        ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(java.lang.management.GarbageCollectorMXBean::getName)
                                .toList()));
        env.put("server JVM flags", String.join(" ", ChildServer.JVM_OPTIONS));
        env.put("payload", Payloads.SIZE + " bytes of JSON: " + new String(Payloads.MESSAGE_BYTES));
        return env;
    }

    String report() {
        StringBuilder md = new StringBuilder();
        md.append("## Environment\n\n| | |\n| --- | --- |\n");
        environment()
                .forEach((k, v) ->
                        md.append("| ").append(k).append(" | `").append(v).append("` |\n"));
        md.append("\n## Ratios (Reactive Micro ÷ contender; throughput > 1 is faster, p99 < 1 is better)\n\n");
        md.append(
                "| workload | concurrency | vs raw-rsocket (throughput) | vs grpc-java (throughput) | p99 vs grpc-java |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (String workload : List.of("unary", "stream", "channel")) {
            for (int concurrency : settings.concurrencies()) {
                Result micro = find(workload, concurrency, MicroContender.NAME);
                if (micro == null) {
                    continue;
                }
                Result raw = find(workload, concurrency, RawRSocketContender.NAME);
                Result grpc = find(workload, concurrency, GrpcContender.NAME);
                md.append(String.format(
                        "| %s | %d | %s | %s | %s |%n",
                        workload,
                        concurrency,
                        ratio(micro, raw, Result::throughput),
                        ratio(micro, grpc, Result::throughput),
                        ratio(micro, grpc, Result::p99Us)));
            }
        }
        for (int concurrency : settings.concurrencies()) {
            Result micro = find("pubsub", concurrency, MicroContender.NAME);
            Result jnats = find("pubsub", concurrency, "raw-jnats");
            if (micro != null && jnats != null) {
                md.append(String.format(
                        "| pubsub (vs raw-jnats) | %d | %s | | |%n",
                        concurrency, ratio(micro, jnats, Result::throughput)));
            }
        }
        for (int concurrency : settings.concurrencies()) {
            Result micro = find("gateway", concurrency, Gateway.MICRO_GATEWAY);
            Result floor = find("gateway", concurrency, Gateway.FLOOR);
            if (micro != null && floor != null) {
                md.append(String.format(
                        "| gateway (vs %s) | %d | %s | | |%n",
                        Gateway.FLOOR, concurrency, ratio(micro, floor, Result::throughput)));
            }
        }
        md.append("\n## All figures\n\n");
        md.append(
                "| workload | concurrency | contender | throughput/s | p50 µs | p99 µs | p99.9 µs | client bytes allocated per call | CPU µs per call (both JVMs) | errors | note |\n");
        md.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Result r : results) {
            md.append(String.format(
                    "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                    r.workload(),
                    r.concurrency(),
                    r.contender(),
                    r.measured() ? String.format("%,.0f", r.throughput()) : "—",
                    us(r.p50Us()),
                    us(r.p99Us()),
                    us(r.p999Us()),
                    r.bytesPerCall() == null ? "" : String.format("%,.0f", r.bytesPerCall()),
                    r.cpuUsPerCall() == null ? "" : String.format("%,.1f", r.cpuUsPerCall()),
                    r.errors(),
                    r.note()));
        }
        if (!memory.isEmpty()) {
            md.append(
                    "\n## Memory (heap after GC)\n\n| what | contender | count | bytes each |\n| --- | --- | ---: | ---: |\n");
            for (Memory.Figure f : memory) {
                md.append(String.format("| %s | %s | %d | %,d |%n", f.what(), f.contender(), f.count(), f.bytesEach()));
            }
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** The results as a JSON array, one object per measured cell. */
    String json() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("workload", r.workload());
            row.put("concurrency", r.concurrency());
            row.put("contender", r.contender());
            row.put("throughput", r.measured() ? r.throughput() : null);
            row.put("p50_us", r.p50Us());
            row.put("p99_us", r.p99Us());
            row.put("p999_us", r.p999Us());
            row.put("bytes_per_call", r.bytesPerCall());
            row.put("cpu_us_per_call", r.cpuUsPerCall());
            row.put("errors", r.errors());
            row.put("note", r.note());
            rows.add(row);
        }
        return new String(Codec.json().encoder(List.class).encode(rows), java.nio.charset.StandardCharsets.UTF_8);
    }

    private @Nullable Result find(String workload, int concurrency, String contender) {
        for (Result r : results) {
            if (r.workload().equals(workload)
                    && r.concurrency() == concurrency
                    && r.contender().equals(contender)) {
                return r;
            }
        }
        return null;
    }

    /**
     * {@code figure} of {@code mine} ÷ that of {@code theirs}; a dash where either lacks it, and marked where
     * either cell had errors, since its rate may count failed calls.
     */
    static String ratio(Result mine, @Nullable Result theirs, Function<Result, @Nullable Double> figure) {
        Double a = mine.measured() ? figure.apply(mine) : null;
        Double b = theirs == null || !theirs.measured() ? null : figure.apply(theirs);
        if (a == null || b == null || b == 0) {
            return "—";
        }
        long errors = mine.errors() + theirs.errors();
        return String.format("%.2f×", a / b) + (errors == 0 ? "" : " (" + errors + " errors)");
    }

    private static String us(@Nullable Double micros) {
        return micros == null ? "" : String.format("%,.0f", micros);
    }
}
