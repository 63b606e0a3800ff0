package io.reactivemicro.benchmarks;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.ByteBufPayload;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The raw RSocket-Java server: no routing, no codec, no interceptors. It reads each request's bytes (as any
 * application must) and answers with the same bytes, or N copies of {@link Payloads#MESSAGE_BYTES}.
 */
final class RawRSocketResponder implements RSocket {

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
        return Mono.just(echo(payload));
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
        int count = Payloads.parseCount(read(payload));
        return Flux.range(0, count).map(i -> message());
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.from(payloads).map(RawRSocketResponder::echo);
    }

    static Payload message() {
        return ByteBufPayload.create(Unpooled.wrappedBuffer(Payloads.MESSAGE_BYTES));
    }

    private static Payload echo(Payload payload) {
        return ByteBufPayload.create(Unpooled.wrappedBuffer(read(payload)));
    }

    /** The payload's data, copied; releases the payload. */
    static byte[] read(Payload payload) {
        try {
            return ByteBufUtil.getBytes(payload.sliceData());
        } finally {
            payload.release();
        }
    }
}
