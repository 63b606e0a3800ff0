package io.reactivemicro.benchmarks;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.TcpServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** One contender's server, listening on a loopback port. Started in a child JVM by {@code serve NAME}. */
interface BenchServer extends AutoCloseable {

    String HOST = "127.0.0.1";

    int port();

    @Override
    void close();

    /** Starts the server {@code kind} names: a contender name, or {@code http-hello} for the gateway floor. */
    static BenchServer start(String kind) {
        return switch (kind) {
            case MicroContender.NAME -> micro();
            case RawRSocketContender.NAME -> rawRSocket();
            case GrpcContender.NAME -> grpc();
            case Gateway.HTTP_HELLO -> httpHello();
            case Gateway.MICRO_GATEWAY -> microGateway();
            default -> throw new IllegalArgumentException("unknown server: " + kind);
        };
    }

    /**
     * The benchmark service, registered only in this JVM's own memory registry: the client JVM puts this
     * node into its registry itself (see {@link MicroContender}).
     */
    static BenchServer micro() {
        Service service = benchService();
        String address = service.server().address().orElseThrow();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return new Running(port, () -> service.stop().block());
    }

    /** The started benchmark service on a loopback port, in this JVM's own memory registry. */
    private static Service benchService() {
        Service service = Micro.service(MicroContender.SERVICE)
                .version("1.0.0")
                .address(HOST + ":0")
                .registry(Registry.memory())
                .handler(BenchApi.class, new BenchHandler())
                .build();
        service.start().block();
        return service;
    }

    static BenchServer rawRSocket() {
        CloseableChannel channel = RSocketServer.create(
                        (setup, sendingSocket) -> reactor.core.publisher.Mono.just(new RawRSocketResponder()))
                .payloadDecoder(PayloadDecoder.ZERO_COPY)
                .bind(TcpServerTransport.create(HOST, 0))
                .block();
        return new Running(channel.address().getPort(), () -> {
            channel.dispose();
            channel.onClose().block();
        });
    }

    static BenchServer grpc() {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, 0))
                .directExecutor()
                .addService(GrpcBench.service())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Running(server.getPort(), () -> {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The benchmark service behind Reactive Micro's HTTP API gateway in the same JVM: every HTTP request is a
     * route lookup in the cached registry and a loopback RSocket call to the service. Listens where the gateway
     * does; {@code POST /bench/BenchApi/unary} echoes the message.
     */
    static BenchServer microGateway() {
        Service service = benchService();
        io.reactivemicro.gateway.Gateway gateway = io.reactivemicro.gateway.Gateway.builder(service)
                .address(HOST + ":0")
                .build();
        gateway.start().block();
        return new Running(gateway.address().getPort(), () -> {
            gateway.stop().block();
            service.stop().block();
        });
    }

    /** The gateway workload's floor: Reactor Netty answering {@code GET /hello} with the benchmark message. */
    static BenchServer httpHello() {
        DisposableServer server = HttpServer.create()
                .host(HOST)
                .port(0)
                .route(routes -> routes.get(
                        Gateway.PATH, (request, response) -> response.header("Content-Type", "application/json")
                                .sendByteArray(reactor.core.publisher.Mono.just(Payloads.MESSAGE_BYTES))))
                .bindNow();
        return new Running(server.port(), server::disposeNow);
    }

    /** A started server and how to stop it. */
    record Running(int port, Runnable stop) implements BenchServer {
        @Override
        public void close() {
            stop.run();
        }
    }
}
