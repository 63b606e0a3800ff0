package io.reactivemicro.codec;

import java.lang.reflect.Type;
import java.nio.ByteBuffer;

final class BytesCodec implements Codec {

    static final BytesCodec INSTANCE = new BytesCodec();

    private BytesCodec() {}

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public boolean supports(Type type) {
        return type == byte[].class || type == ByteBuffer.class;
    }

    @Override
    public Encoder encoder(Type type) {
        if (type == byte[].class) {
            return value -> (byte[]) value;
        }
        if (type == ByteBuffer.class) {
            return value -> {
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            };
        }
        throw new IllegalArgumentException("bytes codec cannot encode " + type.getTypeName());
    }

    @Override
    public Decoder decoder(Type type) {
        if (type == byte[].class) {
            return data -> data;
        }
        if (type == ByteBuffer.class) {
            return data -> ByteBuffer.wrap(data).asReadOnlyBuffer();
        }
        throw new IllegalArgumentException("bytes codec cannot decode " + type.getTypeName());
    }
}
