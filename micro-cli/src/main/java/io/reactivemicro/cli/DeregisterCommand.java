package io.reactivemicro.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code micro deregister FILE|-}: removes the nodes of a JSON {@code ServiceRecord} from the registry. */
@Command(name = "deregister", description = "Removes the nodes of the JSON ServiceRecord in FILE (- for stdin).")
final class DeregisterCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "a JSON ServiceRecord, or - for stdin")
    String file;

    @Override
    int run(Session session) {
        var record = RegisterCommand.read(session, file);
        session.registry.deregister(record).block(Session.CLOSE_WAIT);
        session.output.line(RegisterCommand.describe("deregistered", record, session));
        return 0;
    }
}
