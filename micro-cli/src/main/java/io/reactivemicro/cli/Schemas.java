package io.reactivemicro.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** One-line summaries of the JSON Schemas in the registry: {@code {name: string, count: integer}}. */
final class Schemas {

    /** How deep nested objects are spelled out before {@code {...}}. */
    private static final int MAX_DEPTH = 3;

    private Schemas() {}

    static String summary(Map<String, Object> schema) {
        return summary(schema, schema, 0);
    }

    private static String summary(@Nullable Object node, Map<String, Object> root, int depth) {
        if (!(node instanceof Map<?, ?> schema)) {
            return "any";
        }
        if (schema.get("$ref") instanceof String ref) {
            Object target = resolve(ref, root);
            return target == null || depth >= MAX_DEPTH
                    ? ref.substring(ref.lastIndexOf('/') + 1)
                    : summary(target, root, depth + 1);
        }
        Object type = schema.get("type");
        String t = type instanceof List<?> types
                ? types.stream().map(String::valueOf).collect(Collectors.joining("|"))
                : type == null ? "any" : type.toString();
        if (t.equals("object") && schema.get("properties") instanceof Map<?, ?> properties) {
            if (depth >= MAX_DEPTH) {
                return "{...}";
            }
            return properties.entrySet().stream()
                    .map(e -> e.getKey() + ": " + summary(e.getValue(), root, depth + 1))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (t.equals("object")) {
            return "{}";
        }
        if (t.equals("array")) {
            return "[" + summary(schema.get("items"), root, depth + 1) + "]";
        }
        if (t.equals("null")) {
            return "-";
        }
        if (schema.get("enum") instanceof List<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining("|"));
        }
        return t;
    }

    /** A local reference such as {@code #/$defs/Tick}. */
    private static @Nullable Object resolve(String ref, Map<String, Object> root) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        Object node = root;
        for (String part : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        return node;
    }
}
