package io.reactivemicro.benchmarks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The Reactive Micro side of the workloads: one endpoint per interaction. */
public interface BenchApi {

    /** Echoes the message. */
    Mono<Msg> unary(Msg request);

    /** {@code request.count()} copies of {@link Payloads#MESSAGE}. */
    Flux<Msg> stream(StreamRequest request);

    /** Echoes every message. */
    Flux<Msg> channel(Flux<Msg> requests);
}
