package io.reactivemicro.transport;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** A bound server. */
public interface TransportServer {

    /** The address clients dial, with the real port and a reachable host when bound to a wildcard. */
    String address();

    /**
     * Stops accepting new requests (they fail with 503), lets in-flight ones finish for up to {@code grace},
     * then closes every connection. Lazy; completes when closed.
     */
    Mono<Void> shutdown(Duration grace);
}
