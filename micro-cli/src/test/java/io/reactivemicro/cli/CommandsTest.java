package io.reactivemicro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.examples.greeter.Greeter;
import io.reactivemicro.examples.greeter.GreeterHandler;
import io.reactivemicro.registry.Registry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Every command against real services over loopback RSocket, found through the JVM's memory registry. */
class CommandsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static Service greeter;
    static Service listener;
    static final List<Greeter.HelloReply> heard = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        greeter = Micro.service("greeter")
                .version("1.0.0")
                .registry(Registry.sharedMemory())
                .handler(Greeter.class, new GreeterHandler())
                .build();
        listener = Micro.service("listener")
                .registry(Registry.sharedMemory())
                .subscribe("greetings", Greeter.HelloReply.class, reply -> {
                    heard.add(reply);
                    return Mono.empty();
                })
                .build();
        greeter.start().then(listener.start()).block(WAIT);
    }

    @AfterAll
    static void stop() {
        greeter.stop().then(listener.stop()).block(WAIT);
    }

    static Cli.Result micro(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--registry";
        all[1] = "memory";
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    void callPrintsTheJsonReply() {
        Cli.Result r = micro("call", "greeter", "Greeter.hello", "{\"name\":\"John\"}");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\n  \"greeting\" : \"Hello, John!\"\n}\n");
    }

    @Test
    void callBuildsTheBodyFromFieldFlags() {
        Cli.Result r = micro("call", "greeter", "Greeter.hello", "--name=Ann", "-o", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("{\"greeting\":\"Hello, Ann!\"}\n");
    }

    @Test
    void servicesListsNameVersionAndNodes() {
        Cli.Result r = micro("services");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("NAME", "greeter   1.0.0    1");
    }
}
