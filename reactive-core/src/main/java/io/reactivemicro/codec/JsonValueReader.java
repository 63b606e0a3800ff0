package io.reactivemicro.codec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * One non-blocking JSON parser fed one message at a time, each bound to a value: {@code readValue(byte[])} made
 * a parser, its contexts, symbol table, buffers and an I/O context per message ({@code CodecBenchmark} on the
 * benchmark message: 408 against 1,056 B allocated). Used from one thread at a time.
 *
 * <p>Each message must still be exactly one value. The parser is fed one message at a time, so after the value
 * it must be back at the root with only blanks left: otherwise the message was cut short or carried more, and
 * is refused as {@code readValue(byte[])} refuses it. Only a message whose value has an end mark (an object, an
 * array, a string: see {@link #delimited}) is read here; a number or literal ends only at the end of input, and
 * the caller decodes it alone. After a failure, and every {@value #MAX_MESSAGES_PER_PARSER} messages (which
 * bounds the property names a parser collects), the next message starts a new parser.
 */
final class JsonValueReader {

    static final int MAX_MESSAGES_PER_PARSER = 10_000;

    private final JsonMapper mapper;
    private @Nullable JsonParser parser;
    /** Messages read by this parser, and the bytes fed to it before the current message. */
    private int decoded;

    private long fed;
    /** Set while a message is read, for a thread's reader that a nested call on that thread must not share. */
    boolean busy;

    JsonValueReader(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether {@code data}'s value starts with an end-marked value ({@code {}, {@code [} or {@code "}). */
    static boolean delimited(byte[] data) {
        for (byte b : data) {
            if (!blank(b)) {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return false;
    }

    /**
     * The value of {@code data} (which must be {@link #delimited}) as {@code reader} binds it; {@code reader}
     * must not check for trailing tokens itself: that is done here, against the message. Throws {@link
     * CodecException} if the message is not one value.
     */
    @Nullable
    Object read(ObjectReader reader, byte[] data) {
        JsonParser p = parser;
        if (p == null || decoded == MAX_MESSAGES_PER_PARSER) {
            close();
            p = mapper.createNonBlockingByteArrayParser();
            parser = p;
        }
        try {
            ((ByteArrayFeeder) p.nonBlockingInputFeeder()).feedInput(data, 0, data.length);
            if (p.nextToken() == JsonToken.NOT_AVAILABLE) {
                throw new CodecException("malformed JSON: the message ends inside its value", null);
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
            return value;
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
    void close() {
        JsonParser p = parser;
        parser = null;
        decoded = 0;
        fed = 0;
        if (p != null) {
            p.close();
        }
    }
}
