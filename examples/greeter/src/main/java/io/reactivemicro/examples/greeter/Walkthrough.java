package io.reactivemicro.examples.greeter;

import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/** One call of each interaction, each result handed to {@code out}: shared by the client and the demo. */
final class Walkthrough {

    private Walkthrough() {}

    static void run(Greeter greeter, String name, Consumer<String> out) {
        Greeter.HelloReply reply = greeter.hello(new Greeter.HelloRequest(name)).block(Duration.ofSeconds(10));
        out.accept("call    Greeter.hello  -> " + (reply == null ? "(empty)" : reply.greeting()));
        greeter.ticks(new Greeter.TickRequest(10, 50))
                .doOnNext(t -> out.accept("stream  Greeter.ticks  -> tick " + t.sequence() + " at " + t.at()))
                .blockLast(Duration.ofSeconds(10));
        greeter.chat(Flux.just("ping", "reactive", "micro").map(Greeter.Echo::new))
                .doOnNext(e -> out.accept("channel Greeter.chat   -> " + e.text()))
                .blockLast(Duration.ofSeconds(10));
    }
}
