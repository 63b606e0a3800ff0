package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.Metadata;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.benchmarks.BenchApi;
import io.reactivemicro.benchmarks.BenchHandler;
import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reactive Micro's server path with the network cut out: a request as the transport hands it over (already
 * read from the wire, with the headers a client sends, its deadline among them) through the router, the
 * deadline, the headers put in the context, the JSON codec both ways and the harness's echo handler. {@code -prof gc}
 * gives the bytes the server allocates per call above the transport's.
 */
public class ServerPathBenchmark extends JmhDefaults {

    private final Immediate<byte[]> replies = new Immediate<>();
    private Service server;
    private RequestHandler handler;
    private Request request;

    @Setup(Level.Trial)
    public void start() {
        LoopbackTransport transport = new LoopbackTransport();
        server = Micro.service("bench")
                .registry(Registry.memory())
                .transport(transport)
                .handler(BenchApi.class, new BenchHandler())
                .build();
        server.start().block();
        handler = transport.served();
        request = new Request(
                "BenchApi.unary",
                "bench",
                Metadata.empty()
                        .with(Metadata.FROM_SERVICE, "bench-client")
                        .with(
                                Metadata.DEADLINE,
                                Long.toString(System.currentTimeMillis()
                                        + Duration.ofHours(1).toMillis())),
                null,
                null,
                Payloads.MESSAGE_BYTES);
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.stop().block();
    }

    /** One request-response as the transport runs it, from the read request to the encoded reply. */
    @Benchmark
    public byte[] unary() {
        return replies.take(handler.requestResponse(request));
    }
}
