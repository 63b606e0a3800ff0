package io.reactivemicro.cli;

import io.reactivemicro.registry.ServiceRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code micro services}: every service in the registry, one row per version. */
@Command(name = "services", description = "Lists the services in the registry: name, version, nodes.")
final class ServicesCommand extends SessionCommand {

    @Override
    int run(Session session) {
        List<ServiceRecord> sorted = session.all().stream()
                .sorted(Comparator.comparing(ServiceRecord::name).thenComparing(ServiceRecord::version))
                .toList();
        if (session.output.json()) {
            session.output.value(sorted.stream()
                    .map(r -> Map.of(
                            "name",
                            r.name(),
                            "version",
                            r.version(),
                            "nodes",
                            r.nodes().size()))
                    .toList());
            return 0;
        }
        session.output.table(
                List.of("NAME", "VERSION", "NODES"),
                sorted.stream()
                        .map(r -> List.of(
                                r.name(),
                                r.version(),
                                Integer.toString(r.nodes().size())))
                        .toList());
        return 0;
    }
}
