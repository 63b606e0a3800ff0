package io.reactivemicro;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls other services. Every method is lazy (nothing is sent until subscription; each subscription sends
 * again) and cancellable (cancelling sends a cancel frame, which cancels the handler). Nodes come from the
 * registry the service was built with, unless {@link CallOptions#address()} fixes one.
 *
 * <p>Errors are {@link MicroException}s: the handler's own, 400 (the request could not be encoded or
 * decoded), 404 (unknown service or endpoint), 408 (the deadline passed), 413 (payload over the limit), 429
 * (the server is at its in-flight limit), 502 (connection lost mid-call), 503 (no node could be reached).
 */
public interface Client {

    /**
     * A typed client of {@code api} calling {@code service}. The interface is checked now (each method: one
     * argument, {@code Mono}/{@code Flux} reply, no overloads), failing with {@link IllegalArgumentException};
     * its reflection happens once, here, never per call. {@code Object} and {@code default} methods run
     * locally.
     */
    <T> T proxy(Class<T> api, String service);

    /** As {@link #proxy(Class, String)}, every call with {@code options}. */
    <T> T proxy(Class<T> api, String service, CallOptions options);

    /**
     * Request-response: at most one reply. Use {@code Void.class} as {@code responseType} for an endpoint
     * whose reply is empty. {@code request} may be {@code byte[]}/{@code ByteBuffer} (sent raw) or any object
     * the codec writes.
     */
    <R> Mono<R> call(String service, String endpoint, Object request, Class<R> responseType);

    <R> Mono<R> call(String service, String endpoint, Object request, Class<R> responseType, CallOptions options);

    /**
     * Request-stream: replies as the subscriber demands them; demand crosses the network, so the server
     * produces no more than asked for, and (over RSocket) no more than 1,024 replies ahead of those received
     * when the subscriber asks for all. No deadline unless {@link CallOptions#timeout()} is set.
     */
    <R> Flux<R> stream(String service, String endpoint, Object request, Class<R> responseType);

    <R> Flux<R> stream(String service, String endpoint, Object request, Class<R> responseType, CallOptions options);

    /**
     * Request-channel: {@code requests} is consumed as the server demands, replies as the subscriber
     * demands. No deadline unless {@link CallOptions#timeout()} is set; never retried.
     */
    <R> Flux<R> channel(String service, String endpoint, Publisher<?> requests, Class<R> responseType);

    <R> Flux<R> channel(
            String service, String endpoint, Publisher<?> requests, Class<R> responseType, CallOptions options);

    /**
     * Publishes {@code message} (encoded by the codec) on {@code topic} through the service's broker, with the
     * sender and trace headers. Completes when the broker accepted it.
     */
    Mono<Void> publish(String topic, Object message);

    /** As {@link #publish(String, Object)}, with the headers of {@code options}. */
    Mono<Void> publish(String topic, Object message, CallOptions options);
}
