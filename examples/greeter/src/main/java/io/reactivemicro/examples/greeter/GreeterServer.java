package io.reactivemicro.examples.greeter;

import io.reactivemicro.Micro;

/** Runs the greeter service until Ctrl-C; registry, broker and address come from {@code MICRO_*}. */
public final class GreeterServer {

    private GreeterServer() {}

    public static void main(String[] args) {
        Micro.service("greeter")
                .version("1.0.0")
                .handler(Greeter.class, new GreeterHandler())
                .build()
                .run();
    }
}
