package io.reactivemicro;

import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Derives the JSON Schema (draft 2020-12) of a request or response type for the registry, so that tools can
 * show and fill an endpoint's messages. Runs once per endpoint at service build time.
 */
final class JsonSchemas {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final SchemaGenerator GENERATOR = new SchemaGenerator(
            new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON).build());

    private JsonSchemas() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Type type) {
        if (type == Void.class) {
            return Map.of("type", "null");
        }
        if (type == byte[].class || type == ByteBuffer.class) {
            return Map.of("type", "string", "contentMediaType", "application/octet-stream");
        }
        return MAPPER.convertValue(GENERATOR.generateSchema(type), Map.class);
    }
}
