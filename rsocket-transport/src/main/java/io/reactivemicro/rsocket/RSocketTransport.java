package io.reactivemicro.rsocket;

import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.RequestHandler;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportClient;
import io.reactivemicro.transport.TransportServer;
import reactor.core.publisher.Mono;

/**
 * RSocket over TCP ({@code host:port}) or WebSocket ({@code ws://host:port}), speaking DESIGN.md's wire
 * contract. Selected by name {@code rsocket}, the default; {@link #create()} for code.
 */
public final class RSocketTransport implements Transport {

    /** For {@link java.util.ServiceLoader}; use {@link #create()}. */
    public RSocketTransport() {}

    public static Transport create() {
        return new RSocketTransport();
    }

    @Override
    public String name() {
        return "rsocket";
    }

    @Override
    public Mono<TransportServer> serve(ServerSettings settings, RequestHandler handler) {
        return RSocketTransportServer.bind(settings, handler);
    }

    @Override
    public TransportClient client(ClientSettings settings) {
        return new ConnectionPool(settings);
    }
}
