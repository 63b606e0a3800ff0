package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.TransportClient;
import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.ClientTransport;
import io.rsocket.transport.netty.client.TcpClientTransport;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.ByteBufPayload;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.TcpClient;

/**
 * One multiplexed RSocket connection per node address, dialled on first use and shared by every concurrent
 * call; concurrent first calls share one dial. A connection that closes is dropped from the cache, so the
 * next call dials again; a dial that fails is not cached (it fails those calls with 503).
 */
final class ConnectionPool implements TransportClient {

    /** RSocket over TCP cannot carry a frame of 16 MiB or more; refuse such a request before dialling. */
    private static final int MAX_FRAME_PAYLOAD = 16 * 1024 * 1024 - 1024;

    private final ClientSettings settings;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Sinks.Many<String> disconnects = Sinks.many().multicast().directBestEffort();
    private volatile boolean disposed;

    ConnectionPool(ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<byte[]> requestResponse(String address, Request request) {
        return new RequestResponse(address, request);
    }

    @Override
    public Flux<byte[]> requestStream(String address, Request request) {
        return Replies.of(
                connection(address).flatMapMany(rsocket -> DemandWindow.of(rsocket.requestStream(payload(request)))),
                settings,
                address);
    }

    @Override
    public Flux<byte[]> requestChannel(String address, Request header, Flux<byte[]> messages) {
        Flux<Payload> replies = connection(address)
                .flatMapMany(rsocket -> DemandWindow.of(rsocket.requestChannel(Flux.defer(() -> {
                    boolean[] first = {true};
                    return messages.map(data -> {
                        if (first[0]) {
                            first[0] = false;
                            return payload(new Request(
                                    header.endpoint(),
                                    header.service(),
                                    header.headers(),
                                    header.contentType(),
                                    header.token(),
                                    data));
                        }
                        return ByteBufPayload.create(Unpooled.wrappedBuffer(data));
                    });
                }))));
        return Replies.of(replies, settings, address);
    }

    @Override
    public Mono<Void> fireAndForget(String address, Request request) {
        return connection(address)
                .flatMap(rsocket -> rsocket.fireAndForget(payload(request)))
                .onErrorMap(e -> WireErrors.fromWire(e, settings.service(), address));
    }

    @Override
    public Flux<String> disconnects() {
        return disconnects.asFlux();
    }

    @Override
    public void evict(String address) {
        Connection c = connections.remove(address);
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    private Mono<RSocket> connection(String address) {
        if (disposed) {
            return Mono.error(
                    MicroException.unavailable(settings.service(), "client of %s is closed", settings.service()));
        }
        Connection c = connections.get(address);
        if (c == null) {
            try {
                c = connections.computeIfAbsent(address, a -> new Connection(a, transport(a)));
            } catch (IllegalArgumentException e) {
                return Mono.error(MicroException.badRequest(settings.service(), "%s", e.getMessage()));
            }
        }
        return c.rsocket();
    }

    /**
     * One request-response. Subscribed while its connection is up (nearly every call), it sends at once, the
     * reply read by one subscriber; otherwise it waits for the dial. The {@code flatMap} on {@code
     * connection()}'s {@code Mono} that this replaced put an operator, two subscribers and two lambdas on
     * every call.
     */
    private final class RequestResponse extends Mono<byte[]> {
        private final String address;
        private final Request request;

        RequestResponse(String address, Request request) {
            this.address = address;
            this.request = request;
        }

        @Override
        public void subscribe(CoreSubscriber<? super byte[]> actual) {
            Connection c = disposed ? null : connections.get(address);
            RSocket open = c == null ? null : c.open();
            Mono<Payload> reply;
            if (open == null) {
                reply = connection(address).flatMap(rsocket -> rsocket.requestResponse(payload(request)));
            } else {
                try {
                    reply = open.requestResponse(payload(request));
                } catch (RuntimeException e) {
                    Operators.error(actual, WireErrors.fromWire(e, settings.service(), address));
                    return;
                }
            }
            reply.subscribe(Replies.reading(actual, settings, address));
        }
    }

    private ClientTransport transport(String address) {
        InetSocketAddress at = Addresses.hostPort(address);
        int connectMillis =
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        if (Addresses.isWebSocket(address)) {
            HttpClient http = HttpClient.create()
                    .host(at.getHostString())
                    .port(at.getPort())
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                    .option(ChannelOption.ALLOCATOR, Channels.ALLOCATOR);
            return WebsocketClientTransport.create(http, Addresses.path(address));
        }
        return TcpClientTransport.create(TcpClient.create()
                .host(at.getHostString())
                .port(at.getPort())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .doOnConnected(connection ->
                        connection.channel().pipeline().addFirst(FrameBatcher.NAME, FrameBatcher.client())));
    }

    private Payload payload(Request request) {
        if (request.data().length > MAX_FRAME_PAYLOAD) {
            throw MicroException.payloadTooLarge(
                    settings.service(), "request of %d bytes is over the wire's limit", request.data().length);
        }
        ByteBuf metadata = WireMetadata.encode(WireMetadata.METADATA, request);
        return ByteBufPayload.create(Unpooled.wrappedBuffer(request.data()), metadata);
    }

    /**
     * The connection to one address. Dialling is shared and detached from the calls that wait for it: a call
     * that is cancelled while the connection is being made (its deadline passed) does not cancel the dial
     * for the others.
     */
    private final class Connection {
        private final String address;
        private final Mono<RSocket> dial;
        private volatile @Nullable RSocket current;
        private Sinks.@Nullable One<RSocket> pending;
        private volatile boolean closing;

        Connection(String address, ClientTransport transport) {
            this.address = address;
            this.dial = RSocketConnector.create()
                    .metadataMimeType(WireMetadata.COMPOSITE)
                    .dataMimeType(WireMetadata.JSON)
                    .payloadDecoder(PayloadDecoder.ZERO_COPY)
                    .connect(transport)
                    .onErrorMap(e -> MicroException.unavailable(
                            settings.service(), "cannot connect to %s: %s", address, e.getMessage()));
        }

        Mono<RSocket> rsocket() {
            RSocket r = open();
            return r != null ? Mono.just(r) : Mono.defer(this::awaitDial);
        }

        /** The connection if it is up, else {@code null}. */
        @Nullable
        RSocket open() {
            RSocket r = current;
            return r != null && !r.isDisposed() ? r : null;
        }

        private synchronized Mono<RSocket> awaitDial() {
            RSocket r = current;
            if (r != null && !r.isDisposed()) {
                return Mono.just(r);
            }
            if (pending == null) {
                Sinks.One<RSocket> sink = Sinks.one();
                pending = sink;
                dial.subscribe(connected -> connected(sink, connected), e -> failed(sink, e));
            }
            return pending.asMono();
        }

        private void connected(Sinks.One<RSocket> sink, RSocket connected) {
            synchronized (this) {
                current = connected;
                pending = null;
            }
            if (disposed || closing) {
                connected.dispose();
            }
            connected.onClose().onErrorComplete().subscribe(null, null, () -> {
                if (!closing && !disposed) {
                    disconnects.tryEmitNext(address);
                }
            });
            sink.tryEmitValue(connected);
        }

        private void failed(Sinks.One<RSocket> sink, Throwable e) {
            synchronized (this) {
                pending = null;
            }
            sink.tryEmitError(e);
        }

        void close() {
            closing = true;
            RSocket r = current;
            if (r != null) {
                r.dispose();
            }
        }
    }
}
