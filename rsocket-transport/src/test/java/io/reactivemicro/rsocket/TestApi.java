package io.reactivemicro.rsocket;

import io.reactivemicro.Idempotent;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The API the transport tests serve: one endpoint per behaviour under test. */
public interface TestApi {

    @Idempotent
    Mono<Reply> hello(Req request);

    Mono<Void> forget(Req request);

    Flux<Reply> count(Req request);

    Flux<Reply> endless(Req request);

    Flux<Reply> chat(Flux<Req> requests);

    Mono<Reply> hang(Req request);

    Mono<Reply> slow(Req request);

    Mono<Reply> conflict(Req request);

    Mono<Reply> boom(Req request);

    Mono<Reply> header(Req request);

    Mono<byte[]> reverse(byte[] request);

    /** Which handler answered: its id. Safe to retry. */
    @Idempotent
    Mono<Reply> where(Req request);

    record Req(String name) {}

    record Reply(String text) {}

    /** The handler, with probes for what happened on the server side of the wire. */
    final class Handler implements TestApi {
        final String id;
        final AtomicLong produced = new AtomicLong();
        final AtomicLong demanded = new AtomicLong();
        final Sinks.Empty<Void> endlessCancelled = Sinks.empty();
        final Sinks.Empty<Void> chatCancelled = Sinks.empty();
        final Sinks.Empty<Void> hangCancelled = Sinks.empty();
        final AtomicLong forgotten = new AtomicLong();

        Handler() {
            this("local");
        }

        Handler(String id) {
            this.id = id;
        }

        @Override
        public Mono<Reply> where(Req request) {
            return Mono.just(new Reply(id));
        }

        @Override
        public Mono<Reply> hello(Req request) {
            return Mono.just(new Reply("Hello, " + request.name() + "!"));
        }

        @Override
        public Mono<Void> forget(Req request) {
            return Mono.fromRunnable(forgotten::incrementAndGet);
        }

        @Override
        public Flux<Reply> count(Req request) {
            return Flux.range(1, Integer.parseInt(request.name())).map(i -> new Reply(Integer.toString(i)));
        }

        @Override
        public Flux<Reply> endless(Req request) {
            return Flux.<Reply, Long>generate(() -> 0L, (n, sink) -> {
                        produced.incrementAndGet();
                        sink.next(new Reply(Long.toString(n)));
                        return n + 1;
                    })
                    .doOnRequest(demanded::addAndGet)
                    .doOnCancel(endlessCancelled::tryEmitEmpty);
        }

        @Override
        public Flux<Reply> chat(Flux<Req> requests) {
            return requests.map(r -> new Reply(r.name().toUpperCase(java.util.Locale.ROOT)))
                    .doOnCancel(chatCancelled::tryEmitEmpty);
        }

        @Override
        public Mono<Reply> hang(Req request) {
            return Mono.<Reply>never().doOnCancel(hangCancelled::tryEmitEmpty);
        }

        @Override
        public Mono<Reply> slow(Req request) {
            return Mono.delay(Duration.ofMillis(Long.parseLong(request.name())))
                    .map(x -> new Reply("slept " + request.name()));
        }

        @Override
        public Mono<Reply> conflict(Req request) {
            return Mono.error(MicroException.conflict("test", "%s is taken", request.name()));
        }

        @Override
        public Mono<Reply> boom(Req request) {
            throw new IllegalStateException("boom: " + request.name());
        }

        @Override
        public Mono<Reply> header(Req request) {
            return Mono.deferContextual(
                    ctx -> Mono.just(new Reply(String.valueOf(Metadata.from(ctx).get(request.name())))));
        }

        @Override
        public Mono<byte[]> reverse(byte[] request) {
            byte[] out = new byte[request.length];
            for (int i = 0; i < request.length; i++) {
                out[i] = request[request.length - 1 - i];
            }
            return Mono.just(out);
        }
    }
}
