package io.reactivemicro.benchmarks;

/**
 * The client side of one RPC stack under test, connected to its server. Every method starts one call
 * asynchronously and reports its end to {@code done}; none blocks.
 */
interface Contender extends AutoCloseable {

    /** The name in the results: {@code reactive-micro}, {@code raw-rsocket}, {@code grpc-java}. */
    String name();

    /** One request-response of {@link Payloads#MESSAGE}, echoed. */
    void unary(Completion done);

    /** A server stream of {@code count} messages. */
    void stream(int count, Completion done);

    /** A bidirectional channel that sends {@code count} messages and receives their echoes. */
    void channel(int count, Completion done);

    @Override
    void close();
}
