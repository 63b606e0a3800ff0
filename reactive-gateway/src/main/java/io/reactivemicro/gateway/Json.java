package io.reactivemicro.gateway;

import io.reactivemicro.MicroException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's one JSON mapper, and the error body every route answers with. */
final class Json {

    static final String ID = "gateway";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Parses {@code body}; malformed JSON is a 400 naming the parser's complaint. */
    static JsonNode read(byte[] body, String what) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw MicroException.badRequest(ID, "%s: malformed JSON: %s", what, e.getOriginalMessage());
        }
    }

    /** The wire's error JSON: {@code {"id":..,"code":..,"detail":..,"status":..}}. */
    static byte[] error(MicroException e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("code", e.code());
        json.put("detail", e.detail());
        json.put("status", e.status());
        return write(json);
    }
}
