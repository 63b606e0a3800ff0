package io.reactivemicro.cli;

import io.reactivemicro.Service;
import io.reactivemicro.examples.greeter.Greeter;
import io.reactivemicro.registry.EndpointRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

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

    /** Where the HTTP API gateway and the web dashboard will listen. */
    static final String GATEWAY_ADDRESS = "127.0.0.1:8080";

    static final String DASHBOARD_ADDRESS = "127.0.0.1:8082";

    @Override
    int run(Session session) {
        DemoServices demo = DemoServices.start(session);
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
        gateway(session).forEach(out::line);
        return serveUntilStopped(session, demo, "demo");
    }

    /**
     * The HTTP API gateway ({@value #GATEWAY_ADDRESS}) and the web dashboard ({@value #DASHBOARD_ADDRESS}) start
     * here once reactive-gateway is part of the build: {@code Gateway.builder(client).address(GATEWAY_ADDRESS)
     * .dashboard(true).build().start()}, returning the URLs and curl lines to print. This build has no gateway.
     */
    private static List<String> gateway(Session session) {
        return List.of("HTTP gateway (" + GATEWAY_ADDRESS + ") and dashboard (" + DASHBOARD_ADDRESS
                + "): not in this build (reactive-gateway).");
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
