package io.reactivemicro.cli;

import io.reactivemicro.MicroException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code micro} command: the global options every subcommand inherits, the exit codes, and the list of
 * subcommands (adding one, such as {@code micro api}, is its class plus one entry here).
 */
@Command(
        name = "micro",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        description = "Calls, inspects and runs Reactive Micro services.",
        subcommands = {
            ServicesCommand.class,
            DescribeCommand.class,
            CallCommand.class,
            StreamCommand.class,
            PublishCommand.class,
            HealthCommand.class,
            RegisterCommand.class,
            DeregisterCommand.class,
            ApiCommand.class,
            WebCommand.class,
            SidecarCommand.class,
            DemoCommand.class,
            NewCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a call, lookup or registration failed with a MicroException (printed: id, code, status, detail);"
                    + " health: a node is not ok",
            "2:usage: unknown command or option, missing argument, malformed JSON, unreadable file",
            "3:configuration: a plugin not on the classpath, an address that cannot be bound, any other failure",
            "130:stopped by Ctrl-C (SIGINT)"
        })
final class MicroCommand implements Callable<Integer> {

    static final int CALL_FAILED = 1;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;

    enum Format {
        table,
        json
    }

    @Option(
            names = "--registry",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "mdns, etcd, nats or memory (MICRO_REGISTRY; default mdns)")
    @Nullable
    String registry;

    @Option(
            names = "--registry-address",
            scope = ScopeType.INHERIT,
            paramLabel = "ADDRESS",
            description = "the registry's address (MICRO_REGISTRY_ADDRESS; default: the plugin's)")
    @Nullable
    String registryAddress;

    @Option(
            names = "--broker",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "rsocket, memory, nats, redis or rabbitmq (MICRO_BROKER; default rsocket)")
    @Nullable
    String broker;

    @Option(
            names = "--broker-address",
            scope = ScopeType.INHERIT,
            paramLabel = "ADDRESS",
            description = "the broker's address (MICRO_BROKER_ADDRESS; default: the plugin's)")
    @Nullable
    String brokerAddress;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "table (aligned, coloured on a terminal) or json (default table)")
    Format output = Format.table;

    private final InputStream stdin;
    private final boolean interactive;

    MicroCommand(InputStream stdin, boolean interactive) {
        this.stdin = stdin;
        this.interactive = interactive;
    }

    /**
     * The configured command line: {@code stdin} is where bodies are read from when no JSON argument is given
     * ({@code interactive}: a terminal, so an absent body is {@code {}} rather than a read that waits).
     */
    static CommandLine commandLine(InputStream stdin, boolean interactive, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new MicroCommand(stdin, interactive));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Output output = ((MicroCommand) cli.getCommand()).output(commandLine);
            return output.failure(e);
        });
        return cli;
    }

    @Spec
    CommandSpec spec;

    /** {@code micro} alone: the usage, as {@code micro help}. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    Output output(CommandLine commandLine) {
        return new Output(commandLine.getOut(), commandLine.getErr(), output == Format.json);
    }

    /** Opens the registry, broker and client that the global options (else the settings) name. */
    Session session(CommandLine commandLine) {
        return Session.open(this, output(commandLine), stdin, interactive);
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException
                || e instanceof IllegalArgumentException
                || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return e instanceof MicroException ? CALL_FAILED : CONFIGURATION;
    }
}
