package io.reactivemicro.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Reactive Micro handler: the same work as the raw servers (echo, or N copies of one message). */
public final class BenchHandler implements BenchApi {

    @Override
    public Mono<Msg> unary(Msg request) {
        return Mono.just(request);
    }

    @Override
    public Flux<Msg> stream(StreamRequest request) {
        return Flux.range(0, request.count()).map(i -> Payloads.MESSAGE);
    }

    @Override
    public Flux<Msg> channel(Flux<Msg> requests) {
        return requests;
    }
}
