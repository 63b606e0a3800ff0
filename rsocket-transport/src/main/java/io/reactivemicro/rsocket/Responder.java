package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.Request;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.util.ByteBufPayload;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * The server side of one connection. Each inbound payload is read into plain Java values and released at
 * once, so no {@code ByteBuf} outlives the frame that carried it. Enforces the per-message size limit (413,
 * that call only) and the per-connection in-flight limit (429), and refuses new calls while draining (503).
 */
final class Responder implements RSocket {

    private static final Logger log = LoggerFactory.getLogger(Responder.class);

    private final ServerState state;
    private final @Nullable String connectionContentType;
    private final AtomicInteger inFlight = new AtomicInteger();

    Responder(ServerState state, String dataMimeType) {
        this.state = state;
        this.connectionContentType = WireMetadata.JSON.equalsIgnoreCase(dataMimeType) ? null : dataMimeType;
    }

    @Override
    public Mono<Payload> requestResponse(Payload payload) {
        Request request;
        try {
            request = read(payload);
            admit();
        } catch (MicroException e) {
            return Mono.error(WireErrors.toWire(e));
        }
        return new ServedMono(state.handler().requestResponse(request));
    }

    @Override
    public Flux<Payload> requestStream(Payload payload) {
        Request request;
        try {
            request = read(payload);
            admit();
        } catch (MicroException e) {
            return Flux.error(WireErrors.toWire(e));
        }
        return new ServedFlux(state.handler().requestStream(request));
    }

    @Override
    public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
        return Flux.defer(() -> {
                    boolean[] first = {true};
                    Flux<Request> inbound = DemandWindow.of(Flux.from(payloads)).map(p -> {
                        if (first[0]) {
                            first[0] = false;
                            return read(p);
                        }
                        return readData(p);
                    });
                    return inbound.switchOnFirst((signal, messages) -> {
                        Request header = signal.get();
                        if (header == null) {
                            return messages.thenMany(Flux.<Payload>empty());
                        }
                        admit();
                        return state.handler()
                                .requestChannel(header, messages.skip(1).map(Request::data))
                                .map(Responder::payload)
                                .doFinally(s -> release());
                    });
                })
                .onErrorMap(this::toWire);
    }

    @Override
    public Mono<Void> fireAndForget(Payload payload) {
        Request request;
        try {
            request = read(payload);
        } catch (MicroException e) {
            log.warn("dropping a fire-and-forget message: {}", e.detail());
            return Mono.empty();
        }
        if (state.draining()) {
            log.warn("dropping a fire-and-forget message for {}: draining", request.endpoint());
            return Mono.empty();
        }
        return state.handler().fireAndForget(request);
    }

    private Request read(Payload payload) {
        try {
            byte[] data = checkedData(payload);
            Request request = WireMetadata.decode(state.service(), payload.sliceMetadata(), data);
            if (request.contentType() == null && connectionContentType != null) {
                return new Request(
                        request.endpoint(),
                        request.service(),
                        request.headers(),
                        connectionContentType,
                        request.token(),
                        data);
            }
            return request;
        } finally {
            payload.release();
        }
    }

    /** A channel message after the first: its data only. */
    private Request readData(Payload payload) {
        try {
            return new Request("", null, io.reactivemicro.Metadata.empty(), null, null, checkedData(payload));
        } finally {
            payload.release();
        }
    }

    private byte[] checkedData(Payload payload) {
        ByteBuf data = payload.sliceData();
        if (data.readableBytes() > state.settings().maxPayloadBytes()) {
            throw MicroException.payloadTooLarge(
                    state.service(),
                    "message of %d bytes is over the limit of %d",
                    data.readableBytes(),
                    state.settings().maxPayloadBytes());
        }
        return WireMetadata.bytes(data);
    }

    private void admit() {
        if (state.draining()) {
            throw MicroException.unavailable(state.service(), "%s is shutting down", state.service());
        }
        if (inFlight.incrementAndGet() > state.settings().maxInFlightPerConnection()) {
            inFlight.decrementAndGet();
            throw MicroException.tooManyRequests(
                    state.service(),
                    "over %d requests in flight on this connection",
                    state.settings().maxInFlightPerConnection());
        }
        state.started();
    }

    private void release() {
        inFlight.decrementAndGet();
        state.finished();
    }

    private Throwable toWire(Throwable t) {
        if (t instanceof io.rsocket.exceptions.ApplicationErrorException) {
            return t;
        }
        MicroException e = t instanceof MicroException m
                ? m
                : MicroException.internal(
                        state.service(), "%s", t.getMessage() != null ? t.getMessage() : t.toString());
        return WireErrors.toWire(e);
    }

    private static Payload payload(byte[] data) {
        return ByteBufPayload.create(Unpooled.wrappedBuffer(data));
    }

    /** An admitted request-response call's reply, through {@link Served}. */
    private final class ServedMono extends MonoOperator<byte[], Payload> {
        ServedMono(Mono<byte[]> source) {
            super(source);
        }

        @Override
        public void subscribe(CoreSubscriber<? super Payload> actual) {
            source.subscribe(new Served(actual));
        }
    }

    /** An admitted stream's replies, through {@link Served}. */
    private final class ServedFlux extends FluxOperator<byte[], Payload> {
        ServedFlux(Flux<byte[]> source) {
            super(source);
        }

        @Override
        public void subscribe(CoreSubscriber<? super Payload> actual) {
            source.subscribe(new Served(actual));
        }
    }

    /**
     * An admitted call's replies on their way out: each one a payload, an error the wire's, and the call
     * released from the in-flight count once it ends or is cancelled. A cancel may race the end, hence the flag
     * for the release.
     */
    private final class Served extends MappingSubscriber<byte[], Payload> {
        private static final AtomicIntegerFieldUpdater<Served> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Served.class, "released");

        private volatile int released;

        Served(CoreSubscriber<? super Payload> actual) {
            super(actual);
        }

        @Override
        Payload map(byte[] data) {
            return payload(data);
        }

        @Override
        Throwable mapError(Throwable e) {
            return toWire(e);
        }

        @Override
        void ended() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                release();
            }
        }
    }
}
