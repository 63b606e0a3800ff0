package io.reactivemicro.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
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
        return new JsonEncoder(mapper.writerFor(mapper.constructType(type)));
    }

    @Override
    public Decoder decoder(Type type) {
        JavaType javaType = mapper.constructType(type);
        return new JsonDecoder(mapper, javaType, mapper.readerFor(javaType));
    }

    static CodecException writeFailed(JacksonException e) {
        return new CodecException("cannot write JSON: " + e.getOriginalMessage(), e);
    }

    static CodecException malformed(JacksonException e) {
        return new CodecException("malformed JSON: " + e.getOriginalMessage(), e);
    }

    /** A decoded {@code null} is refused: no endpoint takes or returns one. */
    static Object notNull(@Nullable Object value, JavaType type) {
        if (value == null) {
            throw new CodecException("expected JSON " + type.getRawClass().getSimpleName() + ", got null", null);
        }
        return value;
    }

    private static final class JsonEncoder implements Encoder {
        private final ObjectWriter writer;

        JsonEncoder(ObjectWriter writer) {
            this.writer = writer;
        }

        @Override
        public byte[] encode(Object value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public StreamEncoder forStream() {
            return new JsonStreamEncoder(writer);
        }
    }

    private static final class JsonDecoder implements Decoder {
        private final JsonMapper mapper;
        private final JavaType type;
        private final ObjectReader reader;

        JsonDecoder(JsonMapper mapper, JavaType type, ObjectReader reader) {
            this.mapper = mapper;
            this.type = type;
            this.reader = reader;
        }

        @Override
        public Object decode(byte[] data) {
            try {
                return notNull(reader.readValue(data), type);
            } catch (JacksonException e) {
                throw malformed(e);
            }
        }

        @Override
        public StreamDecoder forStream() {
            return new JsonStreamDecoder(mapper, type, reader, this);
        }
    }
}
