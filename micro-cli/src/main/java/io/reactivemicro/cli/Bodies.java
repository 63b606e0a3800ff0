package io.reactivemicro.cli;

import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.registry.ServiceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body from the command line: the JSON argument; else {@code --field=value} flags, typed by the
 * endpoint's request schema; else standard input (when it is not a terminal, or when the argument is {@code -}).
 * An empty body is {@code {}}.
 */
final class Bodies {

    /** The most read from standard input: the default payload limit of a service. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private Bodies() {}

    static JsonNode parse(String text, String what) {
        if (text.isBlank()) {
            return Output.JSON.createObjectNode();
        }
        try {
            return Output.JSON.readTree(text);
        } catch (JacksonException e) {
            throw new UsageException(what + ": malformed JSON: " + e.getOriginalMessage());
        }
    }

    static String read(InputStream in, String what) {
        try {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new UsageException(what + ": more than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(what + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The body of a call: {@code json} when given (a {@code -} reads stdin), else {@code fields} (each {@code
     * --name=value}, typed by {@code schema}: the endpoint's request schema), else stdin unless it is a terminal.
     */
    static JsonNode body(
            @Nullable String json, List<String> fields, Session session, @Nullable Map<String, Object> schema) {
        if (json != null && !fields.isEmpty()) {
            throw new UsageException("give the body as JSON or as --field=value flags, not both");
        }
        if (!fields.isEmpty()) {
            return fromFields(fields, schema == null ? Map.of() : schema);
        }
        if (json != null && !json.equals("-")) {
            return parse(json, "the body");
        }
        if (json == null && session.interactive) {
            return Output.JSON.createObjectNode();
        }
        return parse(read(session.stdin, "standard input"), "standard input");
    }

    /** The request schema of {@code endpoint} among {@code records}, if the registry has it. */
    static Optional<Map<String, Object>> requestSchema(List<ServiceRecord> records, String endpoint) {
        return records.stream()
                .flatMap(r -> r.endpoints().stream())
                .filter(e -> e.name().equals(endpoint))
                .map(EndpointRecord::request)
                .findFirst();
    }

    static ObjectNode fromFields(List<String> fields, Map<String, Object> schema) {
        ObjectNode body = Output.JSON.createObjectNode();
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        for (String field : fields) {
            if (!field.startsWith("--") || field.length() < 3) {
                throw new UsageException("unexpected argument '" + field + "' (fields are --name=value)");
            }
            int eq = field.indexOf('=');
            String name = eq < 0 ? field.substring(2) : field.substring(2, eq);
            String value = eq < 0 ? "true" : field.substring(eq + 1);
            Object type = properties.get(name) instanceof Map<?, ?> property ? property.get("type") : null;
            body.set(name, typed(name, value, type));
        }
        return body;
    }

    /** {@code value} as the schema's {@code type} says; a field the schema does not know is a string. */
    private static JsonNode typed(String name, String value, @Nullable Object type) {
        String t = type instanceof List<?> types
                ? types.stream()
                        .map(String::valueOf)
                        .filter(s -> !s.equals("null"))
                        .findFirst()
                        .orElse("string")
                : type == null ? "string" : type.toString();
        try {
            return switch (t) {
                case "integer" -> Output.JSON.getNodeFactory().numberNode(Long.parseLong(value));
                case "number" -> Output.JSON.getNodeFactory().numberNode(new java.math.BigDecimal(value));
                case "boolean" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Output.JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
                }
                case "object", "array" -> parse(value, "--" + name);
                default -> Output.JSON.getNodeFactory().textNode(value);
            };
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + "=" + value + ": expected " + t);
        }
    }
}
