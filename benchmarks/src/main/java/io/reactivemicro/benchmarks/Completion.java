package io.reactivemicro.benchmarks;

/** How a contender reports one finished call to the harness. Called once per call, from any thread. */
interface Completion {

    /** The call finished after {@code messages} replies. */
    void complete(long messages);

    void fail(Throwable error);
}
