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
    /** Makes the generators a {@link JsonValueWriter} keeps: values follow one another with nothing between. */
    private final ObjectWriter generators;
    /**
     * One generator and one parser per thread, kept from one single value to the next as a stream's are (see
     * {@link JsonValueWriter}, {@link JsonValueReader}): calls are coded on a few event-loop threads, and a
     * thread's first message allocates about 22 KB of buffers that the thread keeps. A call nested in another's
     * coding on the same thread (a serializer that calls the codec) codes alone.
     */
    private final ThreadLocal<JsonValueWriter> writers;

    private final ThreadLocal<JsonValueReader> readers;

    JsonCodec(JsonMapper mapper) {
        this.mapper = mapper;
        this.generators = mapper.writer().withRootValueSeparator((String) null);
        this.writers = ThreadLocal.withInitial(() -> new JsonValueWriter(generators));
        this.readers = ThreadLocal.withInitial(() -> new JsonValueReader(mapper));
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
        return new JsonDecoder(javaType, mapper.readerFor(javaType));
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

    private final class JsonEncoder implements Encoder {
        private final ObjectWriter writer;

        JsonEncoder(ObjectWriter writer) {
            this.writer = writer;
        }

        @Override
        public byte[] encode(Object value) {
            return encode(writers.get(), value);
        }

        /** {@code value} through {@code kept}, or alone if {@code kept} is writing another value on this thread. */
        private byte[] encode(JsonValueWriter kept, Object value) {
            if (kept.busy) {
                return alone(value);
            }
            kept.busy = true;
            try {
                return kept.write(writer, value);
            } finally {
                kept.busy = false;
            }
        }

        private byte[] alone(Object value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (JacksonException e) {
                throw writeFailed(e);
            }
        }

        @Override
        public StreamEncoder forStream() {
            JsonValueWriter own = new JsonValueWriter(generators);
            return new StreamEncoder() {
                @Override
                public byte[] encode(Object value) {
                    return JsonEncoder.this.encode(own, value);
                }

                @Override
                public void close() {
                    own.close();
                }
            };
        }
    }

    private final class JsonDecoder implements Decoder {
        private final JavaType type;
        private final ObjectReader reader;
        /** For {@link JsonValueReader}, which checks what follows the value against the message itself. */
        private final ObjectReader sequenceReader;

        JsonDecoder(JavaType type, ObjectReader reader) {
            this.type = type;
            this.reader = reader;
            this.sequenceReader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }

        @Override
        public Object decode(byte[] data) {
            return JsonValueReader.delimited(data) ? decode(readers.get(), data) : alone(data);
        }

        /** {@code data}'s value through {@code kept}, or alone if {@code kept} is reading on this thread. */
        private Object decode(JsonValueReader kept, byte[] data) {
            if (kept.busy) {
                return alone(data);
            }
            kept.busy = true;
            try {
                return notNull(kept.read(sequenceReader, data), type);
            } finally {
                kept.busy = false;
            }
        }

        private Object alone(byte[] data) {
            try {
                return notNull(reader.readValue(data), type);
            } catch (JacksonException e) {
                throw malformed(e);
            }
        }

        @Override
        public StreamDecoder forStream() {
            JsonValueReader own = new JsonValueReader(mapper);
            return new StreamDecoder() {
                @Override
                public Object decode(byte[] data) {
                    return JsonValueReader.delimited(data) ? JsonDecoder.this.decode(own, data) : alone(data);
                }

                @Override
                public void close() {
                    own.close();
                }
            };
        }
    }
}
