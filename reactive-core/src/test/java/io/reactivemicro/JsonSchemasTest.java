package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    enum Mood {
        HAPPY,
        SAD
    }

    record Person(String name, int age, List<String> tags, Mood mood) {}

    @Test
    @SuppressWarnings("unchecked")
    void recordBecomesAnObjectSchemaWithItsComponents() {
        Map<String, Object> schema = JsonSchemas.of(Person.class);
        assertThat(schema).containsEntry("type", "object");
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        assertThat(properties).containsOnlyKeys("name", "age", "tags", "mood");
        assertThat((Map<String, Object>) properties.get("age")).containsEntry("type", "integer");
        assertThat((Map<String, Object>) properties.get("tags")).containsEntry("type", "array");
        assertThat((Map<String, Object>) properties.get("mood")).containsEntry("enum", List.of("HAPPY", "SAD"));
    }

    @Test
    void bytesAndVoidHaveFixedSchemas() {
        assertThat(JsonSchemas.of(byte[].class)).containsEntry("contentMediaType", "application/octet-stream");
        assertThat(JsonSchemas.of(Void.class)).containsEntry("type", "null");
    }
}
