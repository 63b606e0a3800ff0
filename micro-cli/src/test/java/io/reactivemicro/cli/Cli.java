package io.reactivemicro.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the micro command in this JVM, as {@code Main} would, with captured output. */
final class Cli {

    record Result(int code, String out, String err) {}

    private Cli() {}

    static Result run(String... args) {
        return withStdin("", args);
    }

    /** {@code micro --registry memory ARGS}: on the registry the test services share. */
    static Result onMemory(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--registry";
        all[1] = "memory";
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    static Result withStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MicroCommand.commandLine(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        false,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
