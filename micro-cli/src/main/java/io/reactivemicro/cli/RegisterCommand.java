package io.reactivemicro.cli;

import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.ServiceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;

/**
 * {@code micro register FILE|-}: puts a JSON {@code ServiceRecord} in the registry. With {@code mdns} (and {@code
 * memory}) a record lives only as long as the process that registered it; etcd and NATS keep it for its TTL.
 */
@Command(
        name = "register",
        description = {
            "Registers the JSON ServiceRecord in FILE (- for stdin): {name, version, metadata, endpoints, nodes}.",
            "etcd and nats keep it for --ttl; mdns and memory only while this process runs."
        })
final class RegisterCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "a JSON ServiceRecord, or - for stdin")
    String file;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            converter = CallFlags.DurationConverter.class,
            description = "how long the registry keeps it without a refresh (default 90s)")
    Duration ttl = RegisterOptions.DEFAULT_TTL;

    @Override
    int run(Session session) {
        ServiceRecord record = read(session, file);
        session.registry.register(record, RegisterOptions.ttl(ttl)).block(Session.CLOSE_WAIT);
        session.output.line(describe("registered", record, session));
        return 0;
    }

    static ServiceRecord read(Session session, String file) {
        String text;
        if (file.equals("-")) {
            text = Bodies.read(session.stdin, "standard input");
        } else {
            try {
                text = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new UsageException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        try {
            return Output.JSON.readValue(text, ServiceRecord.class);
        } catch (JacksonException | NullPointerException e) {
            throw new UsageException(
                    file + ": not a ServiceRecord: "
                            + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()),
                    e);
        }
    }

    static String describe(String verb, ServiceRecord record, Session session) {
        return verb + " " + record.name() + " " + record.version() + " ("
                + record.nodes().size() + " node" + (record.nodes().size() == 1 ? "" : "s") + ") in "
                + session.registry.describe();
    }
}
