package io.reactivemicro.cli;

import io.reactivemicro.Service;
import io.reactivemicro.examples.greeter.Greeter;
import io.reactivemicro.gateway.Gateway;
import io.reactivemicro.registry.EndpointRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code micro demo}: the demo services on the selected registry (by default mDNS, so another terminal's {@code
 * micro services} sees them), a first call to prove them, ready-to-paste commands, then serving until Ctrl-C.
 */
@Command(
        name = "demo",
        description = {
            "Starts the demo services (greeter, quotes, inbox, publisher), prints commands to try from another"
                    + " terminal, and serves until Ctrl-C."
        })
final class DemoCommand extends SessionCommand {

    /** Where the HTTP API gateway listens by default (also {@code micro api}'s default). */
    static final String GATEWAY_ADDRESS = "127.0.0.1:8080";

    /** Where the web dashboard listens by default (also {@code micro web}'s default). */
    static final String DASHBOARD_ADDRESS = "127.0.0.1:8082";

    @Option(
            names = "--api-address",
            paramLabel = "HOST:PORT",
            description = "the gateway's address (default ${DEFAULT-VALUE})")
    String apiAddress = GATEWAY_ADDRESS;

    @Option(
            names = "--web-address",
            paramLabel = "HOST:PORT",
            description = "the dashboard's address (default ${DEFAULT-VALUE})")
    String webAddress = DASHBOARD_ADDRESS;

    @Override
    int run(Session session) {
        DemoServices demo = DemoServices.start(session);
        Gateway api;
        Gateway web;
        try {
            api = GatewayCommand.start(session, apiAddress, false, List.of(), List.of(), 1024 * 1024);
            web = GatewayCommand.start(session, webAddress, true, List.of(), List.of(), 1024 * 1024);
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        Output out = session.output;
        String greeting = demo.services
                .get(0)
                .client()
                .proxy(Greeter.class, "greeter")
                .hello(new Greeter.HelloRequest("John"))
                .map(Greeter.HelloReply::greeting)
                .block(Session.CLOSE_WAIT);
        out.line(out.bold("Reactive Micro demo") + "  registry " + session.registry.describe() + ", broker "
                + session.broker.describe());
        out.line("");
        out.table("  ", List.of("SERVICE", "ADDRESS", "ENDPOINTS"), rows(demo.services));
        out.line("");
        out.line("Greeter.hello {\"name\":\"John\"} -> " + greeting);
        out.line("");
        out.line(out.bold("Try from another terminal:"));
        tryLines(session).forEach(l -> out.line("  " + l));
        out.line("");
        String http = "http://" + GatewayCommand.hostPort(api);
        out.line(out.bold("HTTP API gateway") + "  " + http + "/");
        out.line(out.bold("Web dashboard") + "     http://" + GatewayCommand.hostPort(web) + "/");
        out.line("  curl -s -X POST " + http + "/greeter/Greeter/hello -d '{\"name\":\"John\"}'");
        out.line("  curl -sN -H 'Accept: text/event-stream' -X POST " + http
                + "/greeter/Greeter/ticks -d '{\"count\":3,\"intervalMillis\":200}'");
        out.line("");
        return serveUntilStopped(
                session,
                () -> {
                    api.stop().onErrorComplete().block(Session.CLOSE_WAIT);
                    web.stop().onErrorComplete().block(Session.CLOSE_WAIT);
                    demo.close();
                },
                "demo");
    }

    private static List<List<String>> rows(List<Service> services) {
        List<List<String>> rows = new ArrayList<>();
        for (Service s : services) {
            String endpoints = s.server().endpoints().stream()
                    .filter(e -> !e.name().startsWith("Debug."))
                    .map(DemoCommand::endpoint)
                    .collect(Collectors.joining(", "));
            if (s.name().equals("inbox")) {
                endpoints += "; subscribed to " + DemoServices.TOPIC;
            } else if (s.name().equals("publisher")) {
                endpoints = "publishes on " + DemoServices.TOPIC + " every " + DemoServices.PUBLISH_EVERY.toSeconds()
                        + " s";
            }
            rows.add(List.of(s.name() + " " + s.version(), s.server().address().orElse("-"), endpoints));
        }
        return rows;
    }

    private static String endpoint(EndpointRecord e) {
        return e.name() + (e.stream().equals("none") ? "" : " (" + e.stream() + " stream)");
    }

    /** The commands to paste; they name the registry when it is not the default one. */
    static List<String> tryLines(Session session) {
        String micro = "./micro" + registryFlags(session);
        return List.of(
                micro + " services",
                micro + " describe greeter",
                micro + " call greeter Greeter.hello '{\"name\":\"John\"}'",
                micro + " call greeter Greeter.hello --name=Jane",
                micro + " stream greeter Greeter.ticks '{\"count\":5,\"intervalMillis\":200}'",
                micro + " stream quotes Quotes.watch '{\"symbol\":\"ACME\"}'    # Ctrl-C cancels it on the server",
                micro + " publish greetings '{\"from\":\"me\",\"text\":\"hi\"}'",
                micro + " call inbox Inbox.recent",
                micro + " health greeter");
    }

    private static String registryFlags(Session session) {
        String described = session.registry.describe();
        return described.startsWith("mdns") ? "" : " --registry " + described.split(" ")[0];
    }
}
