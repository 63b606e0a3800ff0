package io.reactivemicro.codec;

import java.lang.reflect.Type;

/**
 * Turns message objects into bytes and back, for one content type. Encoders and decoders are made once per
 * endpoint and type (reflection and type resolution happen then, never per message) and are thread-safe.
 *
 * <p>Built in: {@link #json()} ({@code application/json}, Jackson 3; the default) and {@link #bytes()}
 * ({@code application/octet-stream}: {@code byte[]} and {@code ByteBuffer} pass through unchanged).
 */
public interface Codec {

    /** The MIME type this codec reads and writes, e.g. {@code application/json}. */
    String contentType();

    /** Whether values of {@code type} can be encoded and decoded by this codec. */
    boolean supports(Type type);

    /** An encoder for values of {@code type}; throws {@link IllegalArgumentException} if not supported. */
    Encoder encoder(Type type);

    /** A decoder for values of {@code type}; throws {@link IllegalArgumentException} if not supported. */
    Decoder decoder(Type type);

    /** The default codec: JSON through Jackson 3, unknown properties ignored, Java time types as ISO-8601. */
    static Codec json() {
        return JsonCodec.DEFAULT;
    }

    /** Raw bytes: {@code byte[]} and {@code ByteBuffer} values cross unchanged. */
    static Codec bytes() {
        return BytesCodec.INSTANCE;
    }

    /** Encodes one value. */
    @FunctionalInterface
    interface Encoder {
        /** Throws {@link CodecException} when the value cannot be written. */
        byte[] encode(Object value);

        /**
         * An encoder for the values of one stream, made when the stream starts: it is used in order, from one
         * thread at a time, and may keep state from one value to the next (the JSON codec keeps one generator
         * and its buffer). The default encodes each value with this encoder.
         */
        default StreamEncoder forStream() {
            return new StreamEncoder() {
                @Override
                public byte[] encode(Object value) {
                    return Encoder.this.encode(value);
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Decodes one value. */
    @FunctionalInterface
    interface Decoder {
        /** Throws {@link CodecException} naming the parse error when {@code data} is malformed. */
        Object decode(byte[] data);

        /**
         * A decoder for the messages of one stream, made when the stream starts: it is used in order, from one
         * thread at a time, and may keep state from one message to the next (the JSON codec keeps one parser).
         * Each message is still one whole value. The default decodes each message with this decoder.
         */
        default StreamDecoder forStream() {
            return new StreamDecoder() {
                @Override
                public Object decode(byte[] data) {
                    return Decoder.this.decode(data);
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * One stream's encoder ({@link Encoder#forStream}). {@link #close} is called after the stream's last value,
     * from the thread that encoded it; a stream that is cancelled may not be closed, so what it holds must be
     * safe to leave to the garbage collector.
     */
    interface StreamEncoder extends Encoder, AutoCloseable {
        @Override
        void close();
    }

    /** One stream's decoder ({@link Decoder#forStream}); closed as a {@link StreamEncoder} is. */
    interface StreamDecoder extends Decoder, AutoCloseable {
        @Override
        void close();
    }
}
