package io.reactivemicro.cli;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.JsonNode;

/** {@code micro call SERVICE ENDPOINT [JSON]}: one request-response call, its JSON reply printed. */
@Command(
        name = "call",
        description = {
            "Calls ENDPOINT of SERVICE (request-response) and prints the JSON reply.",
            "The body: JSON, or --field=value flags (typed by the endpoint's request schema),"
                    + " or standard input when JSON is - or absent and stdin is not a terminal; empty: {}."
        })
final class CallCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "ENDPOINT", description = "e.g. Greeter.hello")
    String endpoint;

    @Parameters(index = "2", arity = "0..1", paramLabel = "JSON", description = "the request body, or - for stdin")
    @Nullable
    String json;

    @Mixin
    CallFlags flags;

    @Unmatched
    List<String> fields = new ArrayList<>();

    @Override
    int run(Session session) {
        JsonNode body = requestBody(session, service, endpoint, json, fields);
        JsonNode reply = session.client
                .client()
                .call(service, endpoint, body, JsonNode.class, flags.options())
                .block();
        if (reply != null) {
            session.output.value(reply);
        }
        return 0;
    }

    /** The body from the arguments; the registry is asked for the request schema only when fields are given. */
    static JsonNode requestBody(
            Session session, String service, String endpoint, @Nullable String json, List<String> fields) {
        return Bodies.body(
                json,
                fields,
                session,
                fields.isEmpty()
                        ? null
                        : Bodies.requestSchema(
                                        session.registry.getService(service).block(Session.CLOSE_WAIT), endpoint)
                                .orElse(null));
    }
}
