package io.reactivemicro.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

final class JsonCodec implements Codec {

    static final String CONTENT_TYPE = "application/json";

    // Buffers kept per thread: calls are encoded and decoded on a fixed set of event-loop threads, and
    // Jackson 3's default pool (a concurrent deque) costs a node allocation and two CASes per call
    static final JsonCodec DEFAULT = new JsonCodec(JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(SpreadCreators.INSTANCE)
            .build());

    private final JsonMapper mapper;

    JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public boolean supports(Type type) {
        return type != byte[].class && type != ByteBuffer.class;
    }

    @Override
    public Encoder encoder(Type type) {
        ObjectWriter writer = mapper.writerFor(mapper.constructType(type));
        return value -> {
            try {
                return writer.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw new CodecException("cannot write JSON: " + e.getOriginalMessage(), e);
            }
        };
    }

    @Override
    public Decoder decoder(Type type) {
        JavaType javaType = mapper.constructType(type);
        ObjectReader reader = mapper.readerFor(javaType);
        return data -> {
            try {
                Object value = reader.readValue(data);
                if (value == null) {
                    throw new CodecException(
                            "expected JSON " + javaType.getRawClass().getSimpleName() + ", got null", null);
                }
                return value;
            } catch (JacksonException e) {
                throw new CodecException("malformed JSON: " + e.getOriginalMessage(), e);
            }
        };
    }
}
