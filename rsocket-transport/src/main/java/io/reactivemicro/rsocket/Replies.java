package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.ClientSettings;
import io.rsocket.Payload;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/**
 * Replies as they leave the pool, in one operator: each payload read into bytes (and released), an error
 * turned into the caller's {@code MicroException}. The {@code map} and {@code onErrorMap} it replaced put two
 * operators, their two lambdas and two subscribers on every call.
 */
final class Replies {

    private Replies() {}

    /** {@code source}'s replies read, for the calls of {@code settings}' service to {@code address}. */
    static Flux<byte[]> of(Flux<Payload> source, ClientSettings settings, String address) {
        return new FluxReplies(source, settings, address);
    }

    /** A subscriber that reads the replies for {@code actual}; for an operator that picks its source itself. */
    static CoreSubscriber<Payload> reading(
            CoreSubscriber<? super byte[]> actual, ClientSettings settings, String address) {
        return new ReadingSubscriber(actual, settings, address);
    }

    /** A copy of the reply's data, which is released; over {@link ClientSettings#maxPayloadBytes()} is a 413. */
    static byte[] read(Payload payload, ClientSettings settings) {
        try {
            ByteBuf data = payload.sliceData();
            if (data.readableBytes() > settings.maxPayloadBytes()) {
                throw MicroException.payloadTooLarge(
                        settings.service(),
                        "reply of %d bytes is over the limit of %d",
                        data.readableBytes(),
                        settings.maxPayloadBytes());
            }
            return WireMetadata.bytes(data);
        } finally {
            payload.release();
        }
    }

    private static final class FluxReplies extends FluxOperator<Payload, byte[]> {
        private final ClientSettings settings;
        private final String address;

        FluxReplies(Flux<Payload> source, ClientSettings settings, String address) {
            super(source);
            this.settings = settings;
            this.address = address;
        }

        @Override
        public void subscribe(CoreSubscriber<? super byte[]> actual) {
            source.subscribe(new ReadingSubscriber(actual, settings, address));
        }
    }

    private static final class ReadingSubscriber extends MappingSubscriber<Payload, byte[]> {
        private final ClientSettings settings;
        private final String address;

        ReadingSubscriber(CoreSubscriber<? super byte[]> actual, ClientSettings settings, String address) {
            super(actual);
            this.settings = settings;
            this.address = address;
        }

        @Override
        byte[] map(Payload payload) {
            return read(payload, settings);
        }

        @Override
        Throwable mapError(Throwable e) {
            return WireErrors.fromWire(e, settings.service(), address);
        }

        @Override
        void discard(Payload payload) {
            payload.release();
        }
    }
}
