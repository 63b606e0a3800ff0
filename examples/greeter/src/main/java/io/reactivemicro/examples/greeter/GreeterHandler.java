package io.reactivemicro.examples.greeter;

import io.reactivemicro.MicroException;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The example implementation. */
public final class GreeterHandler implements Greeter {

    @Override
    public Mono<HelloReply> hello(HelloRequest request) {
        if (request.name() == null || request.name().isBlank()) {
            return Mono.error(MicroException.badRequest("greeter", "name is required"));
        }
        return Mono.just(new HelloReply("Hello, " + request.name() + "!"));
    }

    @Override
    public Flux<Tick> ticks(TickRequest request) {
        if (request.count() < 0 || request.intervalMillis() < 0) {
            return Flux.error(MicroException.badRequest("greeter", "count and intervalMillis must be >= 0"));
        }
        Flux<Long> sequence = request.intervalMillis() == 0
                ? Flux.range(0, request.count()).map(Integer::longValue)
                : Flux.interval(Duration.ofMillis(request.intervalMillis())).take(request.count());
        return sequence.map(n -> new Tick(n, Instant.now().toString()));
    }

    @Override
    public Flux<Echo> chat(Flux<Echo> messages) {
        return messages.map(m -> new Echo(m.text().toUpperCase(java.util.Locale.ROOT)));
    }
}
