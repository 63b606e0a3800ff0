package io.reactivemicro.cli;

import io.reactivemicro.registry.ServiceRecord;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.JsonNode;

/** What {@code call} and {@code stream} share: {@code SERVICE ENDPOINT [JSON]}, {@code --field=value}, call flags. */
abstract class EndpointCommand extends SessionCommand {

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

    /**
     * The body from the arguments, typed by the endpoint's request schema. Looking the service up first (unless
     * {@code --address} names the node) also lets a fresh mDNS registry hear other processes before the call
     * asks it (see {@link Session#find}); an unknown service is 404 at once.
     */
    JsonNode requestBody(Session session) {
        List<ServiceRecord> records = flags.address == null ? session.find(service) : List.of();
        if (flags.address == null && records.isEmpty()) {
            throw session.notFound(service);
        }
        return Bodies.body(
                json, fields, session, Bodies.requestSchema(records, endpoint).orElse(null));
    }
}
