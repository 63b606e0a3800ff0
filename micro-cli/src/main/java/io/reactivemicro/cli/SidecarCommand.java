package io.reactivemicro.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code micro sidecar}: see {@link Sidecar}. Serves until Ctrl-C. */
@Command(
        name = "sidecar",
        description = {
            "Registers a non-JVM HTTP application as service NAME and proxies RPCs to it: endpoint E becomes"
                    + " POST http://APP/E with the JSON body; a non-2xx status becomes an error with that code.",
            "The application calls services with POST http://HTTP-ADDRESS/{service}/{endpoint} and publishes with"
                    + " POST http://HTTP-ADDRESS/publish/{topic}.",
            "Endpoints come from --endpoint, else from GET http://APP" + Sidecar.ENDPOINTS_PATH
                    + " (a JSON array of names, or of {name, request, response})."
        })
final class SidecarCommand extends SessionCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the service name to register")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "the version to register (default latest)")
    String version = "latest";

    @Option(
            names = "--app-address",
            required = true,
            paramLabel = "HOST:PORT",
            description = "where the application serves HTTP")
    String appAddress;

    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description = "where the sidecar serves RPCs (RSocket; default 127.0.0.1:0, any free port)")
    String address = "127.0.0.1:0";

    @Option(
            names = "--http-address",
            paramLabel = "HOST:PORT",
            description = "where the application reaches the sidecar (HTTP; default 127.0.0.1:0, any free port)")
    String httpAddress = "127.0.0.1:0";

    @Option(
            names = "--endpoint",
            paramLabel = "Name.method",
            description = "an endpoint of the application; repeatable")
    List<String> endpoints = new ArrayList<>();

    @Option(
            names = "--app-timeout",
            paramLabel = "DURATION",
            converter = CallFlags.DurationConverter.class,
            description =
                    "how long the application may take to answer (default 5s; the caller's deadline still applies)")
    Duration appTimeout = Duration.ofSeconds(5);

    @Override
    int run(Session session) {
        Sidecar sidecar = Sidecar.start(
                session, new Sidecar.Settings(name, version, appAddress, address, httpAddress, endpoints, appTimeout));
        Output out = session.output;
        out.line("sidecar for " + name + " " + version + " (application http://" + appAddress + ")");
        out.line("  rpc   " + sidecar.rpcAddress() + "  registered in " + session.registry.describe());
        out.line("  http  http://" + sidecar.httpAddress() + "  POST /{service}/{endpoint}, POST /publish/{topic}");
        out.line("  endpoints "
                + String.join(
                        ", ", sidecar.endpoints().stream().map(e -> e.name()).toList()));
        return serveUntilStopped(session, sidecar, "sidecar");
    }
}
