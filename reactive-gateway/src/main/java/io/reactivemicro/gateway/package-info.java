/**
 * The HTTP API gateway and web dashboard: HTTP/JSON, Server-Sent Events, NDJSON and WebSocket in front of
 * Reactive Micro services, routed by name through the registry. Start at {@link
 * io.reactivemicro.gateway.Gateway#builder(io.reactivemicro.Service)}.
 */
@NullMarked
package io.reactivemicro.gateway;

import org.jspecify.annotations.NullMarked;
