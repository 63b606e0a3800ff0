package io.reactivemicro.gateway;

import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The API the gateway tests call: one endpoint per behaviour under test. */
public interface Greeter {

    Mono<Reply> hello(Req request);

    /** Echoes the call header named by {@code request.name()}, or {@code "-"} when it is absent. */
    Mono<Reply> header(Req request);

    Mono<Void> forget(Req request);

    Mono<Reply> conflict(Req request);

    Flux<Reply> ticks(Ticks request);

    /** Ticks until cancelled; the cancel is recorded in {@link Handler#cancelled}. */
    Flux<Reply> endless(Req request);

    /** One reply, then a 409. */
    Flux<Reply> breaks(Req request);

    Flux<Reply> chat(Flux<Req> requests);

    record Req(String name) {}

    record Ticks(int count) {}

    record Reply(String text) {}

    final class Handler implements Greeter {

        /** The names of the {@code endless} calls whose cancel reached the handler. */
        final Sinks.Many<String> cancelled = Sinks.many().replay().all();

        @Override
        public Mono<Reply> hello(Req request) {
            return Mono.just(new Reply("Hello, " + request.name() + "!"));
        }

        @Override
        public Mono<Reply> header(Req request) {
            return Mono.deferContextual(ctx -> {
                String value = Metadata.from(ctx).get(request.name());
                return Mono.just(new Reply(value == null ? "-" : value));
            });
        }

        @Override
        public Mono<Void> forget(Req request) {
            return Mono.empty();
        }

        @Override
        public Mono<Reply> conflict(Req request) {
            return Mono.error(MicroException.conflict("greeter", "%s is taken", request.name()));
        }

        @Override
        public Flux<Reply> ticks(Ticks request) {
            return Flux.range(0, request.count()).map(i -> new Reply("tick " + i));
        }

        @Override
        public Flux<Reply> endless(Req request) {
            // demand crosses the network: ticks nobody asked for yet are dropped rather than failing the stream
            return Flux.interval(Duration.ofMillis(20))
                    .onBackpressureDrop()
                    .map(i -> new Reply(request.name() + " " + i))
                    .doOnCancel(() -> cancelled.tryEmitNext(request.name()));
        }

        @Override
        public Flux<Reply> breaks(Req request) {
            return Flux.concat(Mono.just(new Reply("first")), Mono.error(MicroException.conflict("greeter", "broke")));
        }

        @Override
        public Flux<Reply> chat(Flux<Req> requests) {
            return requests.map(r -> new Reply(r.name().toUpperCase(java.util.Locale.ROOT)));
        }
    }
}
