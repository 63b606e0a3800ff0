package io.reactivemicro.cli;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.examples.greeter.Greeter;
import io.reactivemicro.examples.greeter.GreeterHandler;
import io.reactivemicro.registry.Registry;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The services the CLI tests call, on the JVM's memory registry and broker: {@code greeter} 1.0.0 (the example)
 * and a subscriber of {@code greetings} that replays everything it heard.
 */
final class TestServices implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final Service greeter;
    final Service listener;
    final Sinks.Many<Greeter.HelloReply> heard = Sinks.many().replay().all();

    private TestServices(String listenerName) {
        greeter = Micro.service("greeter")
                .version("1.0.0")
                .registry(Registry.sharedMemory())
                .handler(Greeter.class, new GreeterHandler())
                .build();
        listener = Micro.service(listenerName)
                .registry(Registry.sharedMemory())
                .subscribe("greetings", Greeter.HelloReply.class, reply -> {
                    heard.tryEmitNext(reply);
                    return Mono.empty();
                })
                .build();
    }

    static TestServices start(String listenerName) {
        TestServices services = new TestServices(listenerName);
        services.greeter.start().then(services.listener.start()).block(WAIT);
        return services;
    }

    String greeterAddress() {
        return greeter.server().address().orElseThrow();
    }

    @Override
    public void close() {
        greeter.stop().then(listener.stop()).block(WAIT);
    }
}
