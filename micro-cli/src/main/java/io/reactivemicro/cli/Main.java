package io.reactivemicro.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code micro} command's entry point; exit codes are listed in {@link MicroCommand}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Before the first logger: the CLI's own quiet configuration, unless the user named one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "io/reactivemicro/cli/logback-cli.xml");
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = MicroCommand.commandLine(System.in, System.console() != null, out, err)
                .execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
