package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.transport.ClientSettings;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import io.reactivemicro.transport.ServerSettings;
import io.reactivemicro.transport.Transport;
import io.reactivemicro.transport.TransportClient;
import io.reactivemicro.transport.TransportServer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transport that answers every call at once with the benchmark message, and serves by handing its request
 * handler to the benchmark: it cuts the network out of the client and the server paths, so a benchmark
 * measures the framework's own work per call.
 */
final class LoopbackTransport implements Transport {

    static final String ADDRESS = "127.0.0.1:1";

    private volatile @Nullable RequestHandler served;

    /** The handler of the service this transport serves; fails before the service has started. */
    RequestHandler served() {
        RequestHandler handler = served;
        if (handler == null) {
            throw new IllegalStateException("no service started on this transport");
        }
        return handler;
    }

    @Override
    public String name() {
        return "rsocket";
    }

    @Override
    public Mono<TransportServer> serve(ServerSettings settings, RequestHandler handler) {
        served = handler;
        return Mono.just(new TransportServer() {
            @Override
            public String address() {
                return ADDRESS;
            }

            @Override
            public Mono<Void> shutdown(Duration grace) {
                return Mono.empty();
            }
        });
    }

    @Override
    public TransportClient client(ClientSettings settings) {
        Mono<byte[]> reply = Mono.just(Payloads.MESSAGE_BYTES);
        return new TransportClient() {
            @Override
            public Mono<byte[]> requestResponse(String address, Request request) {
                return reply;
            }

            @Override
            public Flux<byte[]> requestStream(String address, Request request) {
                return reply.flux();
            }

            @Override
            public Flux<byte[]> requestChannel(String address, Request header, Flux<byte[]> messages) {
                return messages;
            }

            @Override
            public Mono<Void> fireAndForget(String address, Request request) {
                return Mono.empty();
            }

            @Override
            public void evict(String address) {}

            @Override
            public void dispose() {}
        };
    }
}
