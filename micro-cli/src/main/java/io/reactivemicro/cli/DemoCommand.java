package io.reactivemicro.cli;

import picocli.CommandLine.Command;

@Command(name = "demo")
final class DemoCommand extends SessionCommand {
    @Override
    int run(Session session) {
        return 0;
    }
}
