package io.reactivemicro.cli;

import io.reactivemicro.CallOptions;
import io.reactivemicro.MicroException;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code micro health SERVICE}: {@code Debug.health} on every node of every version, each called by address. */
@Command(
        name = "health",
        description = "Calls Debug.health on every node of SERVICE; exits 1 unless every node answers ok.")
final class HealthCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = CallFlags.DurationConverter.class,
            description = "each node's deadline (default 2s)")
    Duration timeout = Duration.ofSeconds(2);

    private record Result(Node node, String version, JsonNode health, String status) {}

    @Override
    int run(Session session) {
        List<ServiceRecord> records = DescribeCommand.lookup(session, service);
        List<Result> results = Flux.fromIterable(records)
                .flatMapSequential(r -> Flux.fromIterable(r.nodes()).map(n -> Map.entry(r.version(), n)))
                .flatMapSequential(e -> check(session, e.getValue(), e.getKey()))
                .collectList()
                .block();
        List<Result> all = results == null ? List.of() : results;
        boolean healthy = all.stream().allMatch(r -> r.status().equals("ok"));
        if (session.output.json()) {
            List<Object> rows = new ArrayList<>();
            for (Result r : all) {
                rows.add(Map.of(
                        "node", r.node().id(),
                        "address", r.node().address(),
                        "version", r.version(),
                        "status", r.status(),
                        "health", r.health()));
            }
            session.output.value(rows);
        } else {
            session.output.table(
                    List.of("NODE", "ADDRESS", "VERSION", "STATUS", "UPTIME"),
                    all.stream()
                            .map(r -> List.of(
                                    r.node().id(),
                                    r.node().address(),
                                    r.version(),
                                    session.output.status(r.status(), r.status().equals("ok")),
                                    r.health().has("uptimeMillis")
                                            ? uptime(r.health()
                                                    .get("uptimeMillis")
                                                    .asLong())
                                            : "-"))
                            .toList());
        }
        return healthy ? 0 : MicroCommand.CALL_FAILED;
    }

    private Mono<Result> check(Session session, Node node, String version) {
        CallOptions options = CallOptions.builder()
                .address(node.address())
                .timeout(timeout)
                .retries(0)
                .build();
        return session.client
                .client()
                .call(service, "Debug.health", Output.JSON.createObjectNode(), JsonNode.class, options)
                .map(h -> new Result(node, version, h, h.path("status").asString("unknown")))
                .onErrorResume(e -> {
                    MicroException m = MicroException.from(e);
                    return Mono.just(new Result(
                            node,
                            version,
                            Output.JSON.createObjectNode(),
                            m.code() + " " + m.status() + ": " + m.detail()));
                });
    }

    static String uptime(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "." + (d.toMillisPart() / 100) + "s";
    }
}
