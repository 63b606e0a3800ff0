package io.reactivemicro.store;

import io.reactivemicro.MicroException;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.codec.CodecException;

/** The JSON encoders and decoders behind the typed helpers, made once per class. */
final class Typed {

    private Typed() {}

    private static final ClassValue<Codec.Encoder> ENCODERS = new ClassValue<>() {
        @Override
        protected Codec.Encoder computeValue(Class<?> type) {
            return Codec.json().encoder(type);
        }
    };

    private static final ClassValue<Codec.Decoder> DECODERS = new ClassValue<>() {
        @Override
        protected Codec.Decoder computeValue(Class<?> type) {
            return Codec.json().decoder(type);
        }
    };

    static byte[] encode(Object value) {
        return ENCODERS.get(value.getClass()).encode(value);
    }

    static <T> T decode(Record record, Class<T> type) {
        try {
            return type.cast(DECODERS.get(type).decode(record.value()));
        } catch (CodecException e) {
            throw MicroException.internal(
                    "store", "value of '%s' is not a %s: %s", record.key(), type.getSimpleName(), e.getMessage());
        }
    }
}
