package io.reactivemicro.transport;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends requests to nodes by address over shared connections: one connection per address, dialled on first
 * use, shared by every concurrent call, dialled again after it is lost. Every method is lazy; cancelling
 * cancels the request on the server. Errors: see {@link Transport} for 502/503; a server's own errors arrive
 * as the {@link io.reactivemicro.MicroException} it sent.
 */
public interface TransportClient extends Disposable {

    Mono<byte[]> requestResponse(String address, Request request);

    Flux<byte[]> requestStream(String address, Request request);

    /**
     * Opens a channel: {@code header}'s routing travels with the first of {@code messages} ({@code header}'s
     * own data is ignored). Demand from the server is the demand on {@code messages}.
     */
    Flux<byte[]> requestChannel(String address, Request header, Flux<byte[]> messages);

    Mono<Void> fireAndForget(String address, Request request);

    /**
     * The address of every connection that closes without {@link #evict} or {@link #dispose} asking: the node
     * died or the network failed. Hot, never completes; a slow subscriber misses events rather than blocking
     * the transport.
     */
    default Flux<String> disconnects() {
        return Flux.never();
    }

    /** Closes the connection to {@code address}, if any: the node has left. */
    void evict(String address);
}
