package io.reactivemicro.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

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
    void theGatewayServerAnswersTheUnaryRouteWithTheMessage() throws Exception {
        try (BenchServer server = BenchServer.microGateway()) {
            java.net.http.HttpResponse<byte[]> reply = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                            "http://" + BenchServer.HOST + ":" + server.port() + Gateway.MICRO_PATH))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(Payloads.MESSAGE_BYTES))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo(Payloads.MESSAGE_BYTES);
        }
        assertThat(Gateway.postScript()).content().contains("wrk.method = 'POST'");
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
