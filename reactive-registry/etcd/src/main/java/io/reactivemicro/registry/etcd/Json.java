package io.reactivemicro.registry.etcd;

import io.reactivemicro.registry.ServiceRecord;
import tools.jackson.databind.json.JsonMapper;

/** The stored form of a record: its JSON (Jackson 3), the same for every plugin so tools can read it. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    static ServiceRecord readRecord(byte[] json) {
        return MAPPER.readValue(json, ServiceRecord.class);
    }

    static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
