package io.reactivemicro.transport;

import io.reactivemicro.plugin.Plugins;
import reactor.core.publisher.Mono;

/**
 * The wire underneath a service: serves a {@link RequestHandler} and dials other nodes. Found through {@link
 * java.util.ServiceLoader} ({@code MICRO_TRANSPORT}, by default {@code rsocket} from the {@code
 * rsocket-transport} artifact). Implementations map {@link io.reactivemicro.MicroException}s to their error
 * frames and back; nothing else in the framework knows the wire.
 *
 * <p>Error codes a {@link TransportClient} reports, which the client's retry policy relies on: 503 means the
 * request provably never reached a handler (no connection could be made, or the server refused it before
 * dispatch: draining, unknown target); 502 means the connection was lost after the request was sent, so the
 * handler may have run.
 */
public interface Transport {

    /** The name users select and nodes advertise, e.g. {@code "rsocket"}. */
    String name();

    /**
     * Binds a server and dispatches every request to {@code handler}. Lazy; emits the running server once it
     * is bound, or fails with 503 when the address cannot be bound.
     */
    Mono<TransportServer> serve(ServerSettings settings, RequestHandler handler);

    /** A client with its own connection pool; dispose it to close every connection. */
    TransportClient client(ClientSettings settings);

    /**
     * The transport named by {@code MICRO_TRANSPORT} (system property {@code micro.transport}; by default {@code
     * rsocket}). Throws {@link IllegalStateException} naming the artifact to add when it is not on the classpath.
     */
    static Transport fromConfig() {
        String name = Plugins.setting("MICRO_TRANSPORT", "rsocket");
        return Plugins.find(Transport.class, Transport::name, name, "MICRO_TRANSPORT", name + "-transport");
    }
}
