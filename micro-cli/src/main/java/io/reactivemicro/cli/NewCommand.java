package io.reactivemicro.cli;

import picocli.CommandLine.Command;

@Command(name = "new")
final class NewCommand extends SessionCommand {
    @Override
    int run(Session session) {
        return 0;
    }
}
