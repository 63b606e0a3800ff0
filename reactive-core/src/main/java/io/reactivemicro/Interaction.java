package io.reactivemicro;

/** The RSocket interaction an endpoint uses, picked by the shape of its Java method. */
public enum Interaction {
    /** {@code Mono<R> m(T)}: one request, at most one reply. */
    REQUEST_RESPONSE("none"),
    /** {@code Flux<R> m(T)}: one request, a stream of replies; demand crosses the network. */
    REQUEST_STREAM("server"),
    /** {@code Flux<R> m(Flux<T>)}: both directions streamed and backpressured. */
    REQUEST_CHANNEL("bidi"),
    /** Broker delivery: one message, no reply. */
    FIRE_AND_FORGET("none");

    private final String stream;

    Interaction(String stream) {
        this.stream = stream;
    }

    /** The registry's name for this shape: {@code none}, {@code server} or {@code bidi}, as in Go Micro. */
    public String stream() {
        return stream;
    }
}
