package io.reactivemicro.transport;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a server dispatches to: one method per RSocket interaction. Failures are {@link
 * io.reactivemicro.MicroException}s, which the transport sends as error frames; cancellation from the wire
 * cancels the returned publisher, and demand from the wire is the demand on it.
 */
public interface RequestHandler {

    /** At most one reply; empty for an endpoint whose reply is {@code Mono<Void>}. */
    Mono<byte[]> requestResponse(Request request);

    /** Replies as demanded by the caller. */
    Flux<byte[]> requestStream(Request request);

    /** {@code first} carries the routing and the first message; {@code rest} the messages after it. */
    Flux<byte[]> requestChannel(Request first, Flux<byte[]> rest);

    /** A message with no reply. */
    Mono<Void> fireAndForget(Request request);
}
