package io.reactivemicro.examples.greeter;

import io.reactivemicro.Idempotent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The example API: one method per interaction. Endpoints are {@code Greeter.hello}, {@code Greeter.ticks}, ... */
public interface Greeter {

    /** Request-response; safe to retry. */
    @Idempotent
    Mono<HelloReply> hello(HelloRequest request);

    /** Request-stream: {@code count} ticks, one every {@code intervalMillis}. */
    Flux<Tick> ticks(TickRequest request);

    /** Request-channel: every message echoed back, upper-cased. */
    Flux<Echo> chat(Flux<Echo> messages);

    record HelloRequest(String name) {}

    record HelloReply(String greeting) {}

    record TickRequest(int count, long intervalMillis) {}

    record Tick(long sequence, String at) {}

    record Echo(String text) {}
}
