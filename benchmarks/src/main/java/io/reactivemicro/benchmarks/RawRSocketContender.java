package io.reactivemicro.benchmarks;

import io.netty.buffer.Unpooled;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.util.ByteBufPayload;
import reactor.core.publisher.Flux;

/**
 * RSocket-Java with nothing on top: one connection, zero-copy payloads as Reactive Micro's transport uses,
 * no metadata, no codec. The floor Reactive Micro is measured against.
 */
final class RawRSocketContender implements Contender {

    static final String NAME = "raw-rsocket";

    private final RSocket rsocket;

    RawRSocketContender(int port) {
        this.rsocket = RSocketConnector.create()
                .payloadDecoder(PayloadDecoder.ZERO_COPY)
                .connect(TcpClientTransport.create(BenchServer.HOST, port))
                .block();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void unary(Completion done) {
        rsocket.requestResponse(RawRSocketResponder.message())
                .subscribe(
                        reply -> {
                            RawRSocketResponder.read(reply);
                            done.complete(1);
                        },
                        done::fail);
    }

    @Override
    public void stream(int count, Completion done) {
        rsocket.requestStream(ByteBufPayload.create(Unpooled.wrappedBuffer(Payloads.countBytes(count))))
                .doOnNext(RawRSocketResponder::read)
                .count()
                .subscribe(done::complete, done::fail);
    }

    @Override
    public void channel(int count, Completion done) {
        rsocket.requestChannel(Flux.range(0, count).map(i -> RawRSocketResponder.message()))
                .doOnNext(RawRSocketResponder::read)
                .count()
                .subscribe(done::complete, done::fail);
    }

    @Override
    public void close() {
        rsocket.dispose();
    }
}
