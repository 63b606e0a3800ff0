package io.reactivemicro.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The harness's measuring code on a tiny loopback workload, bounded in calls and time: every contender
 * answers, and the figures are sane (counts, ordering of percentiles). Nothing here asserts on speed.
 */
class HarnessSmokeTest {

    private static final Duration WARMUP = Duration.ofMillis(100);
    private static final Duration MEASURE = Duration.ofMillis(400);
    private static final long MAX_CALLS = 20_000;
    private static final int MESSAGES = 1_000;
    private static final String WRK_HEAD = """
            Running 10s test @ http://127.0.0.1:40000/hello
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.31ms  620.12us  21.05ms   80.12%
                Req/Sec    26.23k     1.90k   30.11k    71.50%
              Latency Distribution
                 50%    1.12ms
                 75%    1.52ms
                 90%    2.10ms
                 99%    3.41ms
              521885 requests in 10.00s, 68.19MB read
            """;
    private static final String WRK_TAIL = """
            Requests/sec:  52188.53
            Transfer/sec:      6.82MB
            """;

    @Test
    void everyContenderProducesSaneFiguresForEveryRpcWorkload() throws Exception {
        check(BenchServer.micro(), port -> new MicroContender(List.of(BenchServer.HOST + ":" + port)));
        check(BenchServer.rawRSocket(), RawRSocketContender::new);
        check(BenchServer.grpc(), GrpcContender::new);
    }

    @Test
    void theRSocketBrokerFanOutDeliversEveryMessageToBothSubscribers() throws Exception {
        Result r = new PubSub.MicroRSocket().run(16, MESSAGES);
        assertThat(r.errors()).isZero();
        assertThat(r.note()).isEmpty();
        assertThat(r.throughput()).isPositive();
    }

    @Test
    void theGatewayCheckPassesOnTheMessageAndReportsAnythingElse() throws Exception {
        try (BenchServer gateway = BenchServer.microGateway();
                BenchServer hello = BenchServer.httpHello()) {
            String base = "http://" + BenchServer.HOST + ":";
            assertThat(Gateway.checkAnswer(base + gateway.port() + Gateway.MICRO_PATH, Payloads.MESSAGE_BYTES))
                    .isEmpty();
            assertThat(Gateway.checkAnswer(base + hello.port() + Gateway.PATH, null))
                    .isEmpty();
            assertThat(Gateway.checkAnswer(base + hello.port() + "/missing", null))
                    .hasValueSatisfying(why -> assertThat(why).startsWith("answered 404"));
        }
        assertThat(Gateway.postScript()).content().contains("wrk.method = 'POST'");
    }

    @Test
    void wrksFailedAnswersAndSocketErrorsAreCountedAndShownInTheRatio() {
        Result clean = Gateway.parse(Gateway.FLOOR, 64, WRK_HEAD + WRK_TAIL);
        assertThat(clean.throughput()).isEqualTo(52_188.53);
        assertThat(clean.p50Us()).isEqualTo(1_120.0);
        assertThat(clean.p99Us()).isEqualTo(3_410.0);
        assertThat(clean.errors()).isZero();
        assertThat(clean.note()).isEqualTo("wrk");

        Result failing = Gateway.parse(
                Gateway.MICRO_GATEWAY,
                64,
                WRK_HEAD
                        + "  Socket errors: connect 0, read 3, write 1, timeout 2\n"
                        + "  Non-2xx or 3xx responses: 40\n"
                        + WRK_TAIL);
        assertThat(failing.errors()).isEqualTo(46);
        assertThat(failing.note()).contains("40 answers not 2xx/3xx").contains("6 socket errors");
        assertThat(Compare.ratio(failing, clean, Result::throughput)).isEqualTo("1.00× (46 errors)");
        assertThat(Compare.ratio(clean, clean, Result::throughput)).isEqualTo("1.00×");

        assertThat(Gateway.parse(Gateway.FLOOR, 64, "unable to connect to 127.0.0.1:1 Connection refused")
                        .measured())
                .isFalse();
    }

    @Test
    void aHeapThatCanGrowOrIsNotTouchedAtStartIsNoted() {
        assertThat(Compare.heapNote("2147483648", "2147483648", "true")).isEmpty();
        assertThat(Compare.heapNote("402653184", "6320816128", "true"))
                .get(STRING)
                .contains(Compare.CLIENT_JVM_FLAGS);
        assertThat(Compare.heapNote("2147483648", "2147483648", "false")).isPresent();
    }

    @Test
    void aChildJvmServesUntilItsInputCloses() throws Exception {
        ChildServer child = ChildServer.start(RawRSocketContender.NAME);
        try (child;
                RawRSocketContender contender = new RawRSocketContender(child.port())) {
            Memory.unaryOnce(contender);
        }
        assertThat(child.exited()).isTrue();
    }

    @Test
    void theReportAndTheJsonNameEveryCell() throws Exception {
        Compare compare = new Compare(Settings.QUICK, Set.of("unary"), line -> {});
        try (BenchServer server = BenchServer.rawRSocket();
                RawRSocketContender contender = new RawRSocketContender(server.port())) {
            compare.results().add(Driver.unary(contender, 2, WARMUP, MEASURE, MAX_CALLS));
        }
        assertThat(compare.report())
                .contains("| unary | 2 | raw-rsocket |")
                .contains("| cpus |")
                .contains("CPU µs per call");
        assertThat(compare.json())
                .startsWith("[{\"workload\":\"unary\",\"concurrency\":2,\"contender\":\"raw-rsocket\",\"throughput\":");
    }

    private static void check(BenchServer server, Function<Integer, Contender> connect) throws Exception {
        try (server;
                Contender contender = connect.apply(server.port())) {
            Memory.unaryOnce(contender); // connected, and the first call's class loading out of the way
            // the server runs in this JVM here, so this JVM's CPU time is both sides' and the server adds none
            Result unary = Driver.unary(contender, 4, WARMUP, MEASURE, MAX_CALLS, () -> 0L);
            assertThat(unary.errors()).as(contender.name()).isZero();
            assertThat(unary.cpuUsPerCall()).as(contender.name()).isPositive();
            assertThat(unary.note()).as(contender.name()).isEmpty();
            assertThat(unary.throughput()).as(contender.name()).isPositive();
            assertThat(unary.p50Us()).isPositive();
            assertThat(unary.p99Us()).isGreaterThanOrEqualTo(unary.p50Us());
            assertThat(unary.p999Us()).isGreaterThanOrEqualTo(unary.p99Us());
            for (String workload : List.of("stream", "channel")) {
                Result r = Driver.streaming(contender, workload, 4, MESSAGES);
                assertThat(r.errors()).as(contender.name() + " " + workload).isZero();
                assertThat(r.note()).as(contender.name() + " " + workload).isEmpty();
                assertThat(r.throughput()).as(contender.name() + " " + workload).isPositive();
            }
        }
    }
}
