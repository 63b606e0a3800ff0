package io.reactivemicro.codec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stream's JSON decoder: one non-blocking parser is fed each message in turn and the value bound from it,
 * where {@code readValue(byte[])} made a parser, its context, symbol table, buffers and an I/O context per
 * message ({@code CodecBenchmark} on the benchmark message: 188 against 280 ns, 408 against 1,056 B).
 *
 * <p>Each message must still be exactly one value. The parser is fed one message at a time, so after the value
 * it must be back at the root with nothing left: otherwise the message was cut short or carried more, and is
 * refused as {@code readValue(byte[])} refuses it. A number or literal at the root has no end mark (only the end
 * of input ends it), so once a message gives no token at once, the stream's messages are decoded alone. After a failure, and every
 * {@value #MAX_MESSAGES_PER_PARSER} messages (which bounds the property names a parser collects), the next
 * message starts a new parser.
 */
final class JsonStreamDecoder implements Codec.StreamDecoder {

    static final int MAX_MESSAGES_PER_PARSER = 10_000;

    private final JsonMapper mapper;
    private final JavaType type;
    /** Trailing content is checked here, against what this parser was fed, not by reading on. */
    private final ObjectReader reader;

    private final Codec.Decoder single;
    private @Nullable JsonParser parser;
    /** Messages decoded by this parser, and the bytes fed to it before the current message. */
    private int decoded;

    private long fed;
    /** Set when a message held a value without an end mark: the stream's values are decoded alone from then on. */
    private boolean alone;

    JsonStreamDecoder(JsonMapper mapper, JavaType type, ObjectReader reader, Codec.Decoder single) {
        this.mapper = mapper;
        this.type = type;
        this.reader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.single = single;
    }

    @Override
    public Object decode(byte[] data) {
        if (alone) {
            return single.decode(data);
        }
        JsonParser p = parser;
        if (p == null || decoded == MAX_MESSAGES_PER_PARSER) {
            close();
            p = mapper.createNonBlockingByteArrayParser();
            parser = p;
        }
        try {
            ((ByteArrayFeeder) p.nonBlockingInputFeeder()).feedInput(data, 0, data.length);
            if (p.nextToken() == JsonToken.NOT_AVAILABLE) {
                close();
                alone = true;
                return single.decode(data);
            }
            Object value = reader.readValue(p);
            if (!p.streamReadContext().inRoot()) {
                throw new CodecException("malformed JSON: the message ends inside its value", null);
            }
            // what follows the value must be blank: the parser would take a partial token ("tr") as pending
            // input and read on into the next message
            long end = p.currentLocation().getByteOffset() - fed;
            for (long i = end; i < data.length; i++) {
                if (!blank(data[(int) i])) {
                    throw new CodecException("malformed JSON: content after the message's value", null);
                }
            }
            if (p.nextToken() != JsonToken.NOT_AVAILABLE) {
                throw new CodecException("malformed JSON: content after the message's value", null);
            }
            fed += data.length;
            decoded++;
            return JsonCodec.notNull(value, type);
        } catch (JacksonException e) {
            close();
            throw JsonCodec.malformed(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Closes the parser, returning its buffers to Jackson's pool; the next message starts a new one. */
    @Override
    public void close() {
        JsonParser p = parser;
        parser = null;
        decoded = 0;
        fed = 0;
        if (p != null) {
            p.close();
        }
    }
}
