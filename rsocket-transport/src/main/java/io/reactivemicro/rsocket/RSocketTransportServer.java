package io.reactivemicro.rsocket;

import io.netty.channel.ChannelOption;
import io.reactivemicro.MicroException;
import io.reactivemicro.transport.RequestHandler;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.TransportServer;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.exceptions.RejectedSetupException;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.ServerTransport;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.TcpServer;

/** An RSocket server over TCP or WebSocket dispatching to a {@link RequestHandler}. */
final class RSocketTransportServer implements TransportServer {

    private static final Logger log = LoggerFactory.getLogger(RSocketTransportServer.class);
    private static final Duration FLUSH_LINGER = Duration.ofMillis(100);

    private final ServerState state;
    private final CloseableChannel channel;
    private final Set<RSocket> peers;
    private final String address;

    private RSocketTransportServer(ServerState state, CloseableChannel channel, Set<RSocket> peers, String address) {
        this.state = state;
        this.channel = channel;
        this.peers = peers;
        this.address = address;
    }

    static Mono<TransportServer> bind(ServerSettings settings, RequestHandler handler) {
        return Mono.defer(() -> {
            ServerState state = new ServerState(settings, handler);
            Set<RSocket> peers = ConcurrentHashMap.newKeySet();
            SocketAcceptor acceptor = (setup, peer) -> {
                if (!WireMetadata.COMPOSITE.equals(setup.metadataMimeType())) {
                    return Mono.error(new RejectedSetupException("metadata mime type must be " + WireMetadata.COMPOSITE
                            + ", not " + setup.metadataMimeType()));
                }
                if (state.draining()) {
                    return Mono.error(new RejectedSetupException(settings.service() + " is shutting down"));
                }
                peers.add(peer);
                peer.onClose()
                        .onErrorComplete()
                        .doFinally(s -> peers.remove(peer))
                        .subscribe();
                return Mono.just(new Responder(state, setup.dataMimeType()));
            };
            String requested = settings.address();
            InetSocketAddress at = Addresses.hostPort(requested);
            ServerTransport<CloseableChannel> transport = Addresses.isWebSocket(requested)
                    ? WebsocketServerTransport.create(HttpServer.create()
                            .host(at.getHostString())
                            .port(at.getPort())
                            .childOption(ChannelOption.ALLOCATOR, Channels.ALLOCATOR))
                    : TcpServerTransport.create(TcpServer.create()
                            .host(at.getHostString())
                            .port(at.getPort())
                            .doOnConnection(connection -> connection
                                    .channel()
                                    .pipeline()
                                    .addFirst(FrameBatcher.NAME, FrameBatcher.server())));
            return RSocketServer.create(acceptor)
                    .payloadDecoder(PayloadDecoder.ZERO_COPY)
                    .bind(transport)
                    .onErrorMap(e -> MicroException.unavailable(
                            settings.service(), "cannot bind %s: %s", requested, e.getMessage()))
                    .map(channel -> new RSocketTransportServer(
                            state, channel, peers, Addresses.advertise(requested, channel.address())));
        });
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Mono<Void> shutdown(Duration grace) {
        return Mono.defer(() -> {
            Mono<Void> drained = state.drain()
                    .timeout(
                            grace,
                            // the timer races an immediate drain (nothing in flight, a grace of zero): no warning then
                            Mono.fromRunnable(() -> {
                                int left = state.active();
                                if (left > 0) {
                                    log.warn(
                                            "{}: {} calls still in flight after the grace period of {}; closing",
                                            state.service(),
                                            left,
                                            grace);
                                }
                            }));
            // Replies produced during the drain are queued on their connections; give them a moment to reach
            // the wire before the connections close, or a call that finished in time would still fail.
            return drained.then(Mono.defer(() -> {
                        channel.dispose();
                        return Mono.delay(FLUSH_LINGER);
                    }))
                    .then(Mono.defer(() -> {
                        peers.forEach(RSocket::dispose);
                        return channel.onClose()
                                .then(Flux.fromIterable(peers)
                                        .flatMap(p -> p.onClose().onErrorComplete())
                                        .then());
                    }));
        });
    }
}
