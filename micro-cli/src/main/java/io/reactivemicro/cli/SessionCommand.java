package io.reactivemicro.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    /**
     * For the commands that serve ({@code demo}, {@code sidecar}): blocks until SIGINT/SIGTERM, when the JVM's
     * shutdown hook closes {@code served} and then the session; returns 130.
     */
    static int serveUntilStopped(Session session, AutoCloseable served, String name) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                served.close();
                            } catch (Exception e) {
                                session.output.err().println("micro: stopping " + name + " failed: " + e);
                            }
                            session.close();
                            stopped.countDown();
                        },
                        "micro-" + name + "-stop"));
        session.output.line("Serving until Ctrl-C.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamCommand.INTERRUPTED;
    }
}
