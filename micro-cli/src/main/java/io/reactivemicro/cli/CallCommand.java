package io.reactivemicro.cli;

import io.reactivemicro.registry.ServiceRecord;
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
        JsonNode body = requestBody(session, service, endpoint, json, fields, flags.address);
        JsonNode reply = session.client
                .client()
                .call(service, endpoint, body, JsonNode.class, flags.options())
                .block();
        if (reply != null) {
            session.output.value(reply);
        }
        return 0;
    }

    /**
     * The body from the arguments, typed by the endpoint's request schema. Looking the service up first also
     * lets a fresh mDNS registry hear other processes before the call asks it (see {@link Session#find}).
     */
    static JsonNode requestBody(
            Session session,
            String service,
            String endpoint,
            @Nullable String json,
            List<String> fields,
            @Nullable String address) {
        List<ServiceRecord> records = address == null ? session.find(service) : List.of();
        if (address == null && records.isEmpty()) {
            throw session.notFound(service);
        }
        return Bodies.body(
                json, fields, session, Bodies.requestSchema(records, endpoint).orElse(null));
    }
}
