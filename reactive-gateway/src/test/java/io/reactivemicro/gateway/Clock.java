package io.reactivemicro.gateway;

import reactor.core.publisher.Mono;

/** A second interface, so that a service serving both needs the interface named in the path. */
public interface Clock {

    Mono<Now> now(Zone zone);

    record Zone(String id) {}

    record Now(String zone) {}

    final class Handler implements Clock {
        @Override
        public Mono<Now> now(Zone zone) {
            return Mono.just(new Now(zone.id()));
        }
    }
}
