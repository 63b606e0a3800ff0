package io.reactivemicro.benchmarks;

/** The benchmark message: its JSON form is {@link Payloads#MESSAGE_BYTES} long, the same bytes every contender sends. */
public record Msg(long id, String kind, String body) {}
