package io.reactivemicro.benchmarks;

import io.reactivemicro.Interceptor;
import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;

/**
 * Reactive Micro's whole client path: a typed proxy ({@code client.proxy(BenchApi.class, "bench")}), the JSON
 * codec, a user interceptor (a call counter, as a metrics interceptor would be) plus the built-in ones
 * (propagation, deadline, retry), the caching registry, the power-of-two-choices selector and the connection
 * pool.
 *
 * <p>The registry is a {@link Registry#memory()} in this JVM into which the server's node (running in another
 * JVM) is registered by hand: so every call goes through the cached registry lookup and the selector exactly
 * as with a network registry, while the benchmark depends on no multicast (mDNS) or registry server. The
 * cache makes a network registry cost nothing per call anyway: one lookup per service, then a map read.
 */
final class MicroContender implements Contender {

    static final String NAME = "reactive-micro";
    static final String SERVICE = "bench";

    private final Service caller;
    private final BenchApi api;
    private final LongAdder calls = new LongAdder();

    MicroContender(List<String> addresses) {
        Registry registry = Registry.memory();
        registry.register(record(addresses), RegisterOptions.ttl(Duration.ofHours(1)))
                .block();
        Interceptor counting = chain -> {
            calls.increment();
            return chain.proceed(chain.invocation());
        };
        this.caller = Micro.service("bench-client")
                .address(BenchServer.HOST + ":0")
                .registry(registry)
                .clientInterceptor(counting)
                .build();
        caller.start().block();
        this.api = caller.client().proxy(BenchApi.class, SERVICE);
    }

    /** The record the server would have registered: its node, with the transport's metadata. */
    static ServiceRecord record(List<String> addresses) {
        List<Node> nodes = addresses.stream()
                .map(a -> new Node(SERVICE + "-" + a, a, Map.of("transport", "rsocket", "protocol", "rsocket")))
                .toList();
        return new ServiceRecord(SERVICE, "1.0.0", Map.of(), List.of(), nodes);
    }

    /** The caller's client, for calls that must reach one given node. */
    io.reactivemicro.Client client() {
        return caller.client();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void unary(Completion done) {
        api.unary(Payloads.MESSAGE).subscribe(reply -> done.complete(1), done::fail);
    }

    @Override
    public void stream(int count, Completion done) {
        api.stream(new StreamRequest(count)).count().subscribe(done::complete, done::fail);
    }

    @Override
    public void channel(int count, Completion done) {
        api.channel(Flux.range(0, count).map(i -> Payloads.MESSAGE)).count().subscribe(done::complete, done::fail);
    }

    @Override
    public void close() {
        caller.stop().block();
    }
}
