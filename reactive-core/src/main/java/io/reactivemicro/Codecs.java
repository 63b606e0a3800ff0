package io.reactivemicro;

import io.reactivemicro.codec.Codec;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * The service's codec choice: {@code byte[]} and {@code ByteBuffer} travel raw, every other type through the
 * service's codec (JSON by default). The wire's default content type is JSON, so only a non-JSON body names
 * its content type in the request metadata.
 */
final class Codecs {

    static final String DEFAULT_CONTENT_TYPE = "application/json";

    private final Codec codec;

    Codecs(Codec codec) {
        this.codec = codec;
    }

    Codec forType(Type type) {
        Codec bytes = Codec.bytes();
        return bytes.supports(type) ? bytes : codec;
    }

    /** The codec for a body of {@code contentType} ({@code null}: the wire default) decoded as {@code type}. */
    Codec forContent(@Nullable String contentType, Type type) {
        Codec expected = forType(type);
        if (contentType == null || expected.contentType().equalsIgnoreCase(contentType)) {
            return expected;
        }
        Codec bytes = Codec.bytes();
        if (bytes.contentType().equalsIgnoreCase(contentType) && bytes.supports(type)) {
            return bytes;
        }
        Codec json = Codec.json();
        if (json.contentType().equalsIgnoreCase(contentType) && json.supports(type)) {
            return json;
        }
        return expected;
    }

    /** The content type to name on the wire for values of {@code type}, or {@code null} for the default. */
    @Nullable
    String contentTypeHeader(Type type) {
        String ct = forType(type).contentType();
        return DEFAULT_CONTENT_TYPE.equals(ct) ? null : ct;
    }
}
