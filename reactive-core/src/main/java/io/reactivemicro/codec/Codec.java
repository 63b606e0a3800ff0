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
    }

    /** Decodes one value. */
    @FunctionalInterface
    interface Decoder {
        /** Throws {@link CodecException} naming the parse error when {@code data} is malformed. */
        Object decode(byte[] data);
    }
}
