package io.reactivemicro.cli;

import picocli.CommandLine.Command;

@Command(name = "sidecar")
final class SidecarCommand extends SessionCommand {
    @Override
    int run(Session session) {
        return 0;
    }
}
