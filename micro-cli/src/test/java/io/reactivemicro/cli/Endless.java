package io.reactivemicro.cli;

import reactor.core.publisher.Flux;

/** A test API whose stream never ends on its own: only a cancel stops it. */
public interface Endless {

    Flux<Tick> ticks(Start request);

    record Start() {}

    record Tick(long n) {}
}
