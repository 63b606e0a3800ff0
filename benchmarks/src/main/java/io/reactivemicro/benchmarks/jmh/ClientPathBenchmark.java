package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.Interceptor;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.benchmarks.BenchApi;
import io.reactivemicro.benchmarks.Msg;
import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reactive Micro's client path with the network cut out ({@link LoopbackTransport} answers at once): proxy
 * dispatch, {@code interceptors} pass-through user interceptors plus the built-in ones (propagation, deadline,
 * retry): the interceptor chain's cost is the difference between the two settings; then the cached registry
 * lookup, the selector and both codec steps. {@code -prof gc} gives the bytes
 * allocated per call by the framework alone; {@link #unaryRawBytes} leaves JSON binding out as well.
 */
public class ClientPathBenchmark extends JmhDefaults {

    private static final String SERVICE = "bench";

    @Param({"0", "4"})
    public int interceptors;

    private final Immediate<Msg> msgs = new Immediate<>();
    private final Immediate<byte[]> bytes = new Immediate<>();
    private Service caller;
    private BenchApi api;

    @Setup(Level.Trial)
    public void start() {
        Registry registry = Registry.memory();
        registry.register(
                        new ServiceRecord(
                                SERVICE,
                                "1.0.0",
                                Map.of(),
                                List.of(),
                                List.of(new Node("bench-1", LoopbackTransport.ADDRESS, Map.of()))),
                        RegisterOptions.ttl(Duration.ofHours(1)))
                .block();
        Service.Builder builder =
                Micro.service("bench-client").registry(registry).transport(new LoopbackTransport());
        for (int i = 0; i < interceptors; i++) {
            Interceptor passThrough = chain -> chain.proceed(chain.invocation());
            builder.clientInterceptor(passThrough);
        }
        caller = builder.build();
        caller.start().block();
        api = caller.client().proxy(BenchApi.class, SERVICE);
    }

    @TearDown(Level.Trial)
    public void stop() {
        caller.stop().block();
    }

    /** One request-response through the typed proxy, everything but the network. */
    @Benchmark
    public Msg unaryThroughProxy() {
        return msgs.take(api.unary(Payloads.MESSAGE));
    }

    /**
     * The same call with the payload as raw bytes ({@code byte[]} passes every codec unchanged): the
     * framework's own work per call, without binding JSON to Java objects.
     */
    @Benchmark
    public byte[] unaryRawBytes() {
        return bytes.take(caller.client().call(SERVICE, "BenchApi.unary", Payloads.MESSAGE_BYTES, byte[].class));
    }
}
