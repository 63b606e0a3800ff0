package io.reactivemicro.benchmarks;

/** Asks a server stream for {@code count} messages. */
public record StreamRequest(int count) {}
