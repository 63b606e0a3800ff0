package io.reactivemicro.cli;

import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code micro describe SERVICE}: each version's metadata, nodes and endpoints with their request and response
 * schemas (Go Micro's {@code micro get service}). With {@code --output json}: the registry records as they are.
 */
@Command(
        name = "describe",
        description = "Shows a service's versions, nodes and endpoints with their request and response schemas.")
final class DescribeCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Override
    int run(Session session) {
        List<ServiceRecord> records = lookup(session, service);
        if (session.output.json()) {
            session.output.value(records);
            return 0;
        }
        Output out = session.output;
        for (ServiceRecord r : records.stream()
                .sorted(Comparator.comparing(ServiceRecord::version))
                .toList()) {
            out.line(out.bold(r.name()) + " " + r.version()
                    + (r.metadata().isEmpty() ? "" : "  " + pairs(r.metadata())));
            out.line("");
            out.table(
                    "  ",
                    List.of("NODE", "ADDRESS", "METADATA"),
                    r.nodes().stream()
                            .map(n -> List.of(n.id(), n.address(), pairs(n.metadata())))
                            .toList());
            out.line("");
            out.table(
                    "  ",
                    List.of("ENDPOINT", "STREAM", "REQUEST", "RESPONSE"),
                    r.endpoints().stream()
                            .sorted(Comparator.comparing(EndpointRecord::name))
                            .map(e -> List.of(
                                    e.name(), e.stream(), Schemas.summary(e.request()), Schemas.summary(e.response())))
                            .toList());
            out.line("");
        }
        return 0;
    }

    /** Every version of {@code service}; 404 when the registry has none. */
    static List<ServiceRecord> lookup(Session session, String service) {
        List<ServiceRecord> records = session.find(service);
        if (records.isEmpty()) {
            throw session.notFound(service);
        }
        return records;
    }

    static List<Node> nodes(List<ServiceRecord> records) {
        return records.stream().flatMap(r -> r.nodes().stream()).toList();
    }

    private static String pairs(Map<String, String> map) {
        return map.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
