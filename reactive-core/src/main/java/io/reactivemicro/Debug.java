package io.reactivemicro;

import reactor.core.publisher.Mono;

/**
 * Served by every service out of the box; call it like any API: {@code client.proxy(Debug.class,
 * "greeter").health(new Debug.HealthRequest())}, or {@code Debug.health} with {@code {}} from any client.
 */
public interface Debug {

    /** Whether the node is serving, and for how long. */
    Mono<Health> health(HealthRequest request);

    /** Takes no fields; {@code {}} or an empty body. */
    record HealthRequest() {}

    /** {@code status} is {@code "ok"} while the node serves, {@code "draining"} while it stops. */
    record Health(String status, String service, String version, String node, long uptimeMillis) {}
}
