package io.reactivemicro.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that talks to services: it runs with a {@link Session} opened from the global options. */
abstract class SessionCommand implements Callable<Integer> {

    @ParentCommand
    MicroCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Session session = root.session(spec.commandLine())) {
            return run(session);
        }
    }

    /** Does the work and returns the exit code; failures are thrown and mapped by {@link Output#failure}. */
    abstract int run(Session session);
}
