package io.reactivemicro.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code micro call SERVICE ENDPOINT [JSON]}: one request-response call, its JSON reply printed. */
@Command(
        name = "call",
        description = {
            "Calls ENDPOINT of SERVICE (request-response) and prints the JSON reply.",
            "The body: JSON, or --field=value flags (typed by the endpoint's request schema),"
                    + " or standard input when JSON is - or absent and stdin is not a terminal; empty: {}."
        })
final class CallCommand extends EndpointCommand {

    @Override
    int run(Session session) {
        JsonNode reply = session.client
                .client()
                .call(service, endpoint, requestBody(session), JsonNode.class, flags.options())
                .block();
        if (reply != null) {
            session.output.value(reply);
        }
        return 0;
    }
}
