package io.reactivemicro.rsocket;

import io.reactivemicro.transport.RequestHandler;
import io.reactivemicro.transport.ServerSettings;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** What every connection of one server shares: settings, handler, and the count of calls in flight. */
final class ServerState {

    private final ServerSettings settings;
    private final RequestHandler handler;
    private final AtomicInteger active = new AtomicInteger();
    private final Sinks.Empty<Void> idle = Sinks.empty();
    private volatile boolean draining;

    ServerState(ServerSettings settings, RequestHandler handler) {
        this.settings = settings;
        this.handler = handler;
    }

    ServerSettings settings() {
        return settings;
    }

    String service() {
        return settings.service();
    }

    RequestHandler handler() {
        return handler;
    }

    boolean draining() {
        return draining;
    }

    void started() {
        active.incrementAndGet();
    }

    void finished() {
        if (active.decrementAndGet() == 0 && draining) {
            idle.tryEmitEmpty();
        }
    }

    int active() {
        return active.get();
    }

    /** Refuses new calls from now on; completes when no call is in flight. */
    Mono<Void> drain() {
        draining = true;
        return Mono.defer(() -> active.get() == 0 ? Mono.empty() : idle.asMono());
    }
}
