package io.reactivemicro;

/** Where users start: {@code Micro.service("greeter")...build()}. */
public final class Micro {

    private Micro() {}

    /** A builder for a service called {@code name}; see {@link Service.Builder} for every option's default. */
    public static Service.Builder service(String name) {
        return new Service.Builder(name);
    }
}
