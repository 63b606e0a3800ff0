package io.reactivemicro.examples.greeter;

import io.reactivemicro.Micro;
import io.reactivemicro.Service;
import io.reactivemicro.registry.Registry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./micro demo}: the greeter service and a caller in one JVM with the embedded defaults (in-memory
 * registry and broker, RSocket over TCP on loopback). Prints one call, ten stream items and a channel round
 * trip, then serves until Ctrl-C.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Registry registry = Registry.sharedMemory();
        Service greeter = Micro.service("greeter")
                .version("1.0.0")
                .registry(registry)
                .handler(Greeter.class, new GreeterHandler())
                .build();
        Service caller = Micro.service("demo-caller").registry(registry).build();
        greeter.start().then(caller.start()).block();
        String address = greeter.server().address().orElseThrow();
        out.println("greeter 1.0.0 is serving at " + address + " (RSocket over TCP; registry: memory)");
        Walkthrough.run(caller.client().proxy(Greeter.class, "greeter"), "John", out::println);
        out.println("Serving until Ctrl-C. Any RSocket client can call " + address
                + " with route Greeter.hello and data {\"name\":\"you\"}.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> caller.stop().block()));
        greeter.run();
    }
}
