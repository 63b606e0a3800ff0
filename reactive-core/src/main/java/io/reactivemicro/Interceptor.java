package io.reactivemicro;

import reactor.core.publisher.Flux;

/**
 * Wraps calls, on the client side ({@link Service.Builder#clientInterceptor}) or around handlers ({@link
 * Service.Builder#handlerInterceptor}); auth, metrics, tracing and retries all take this one shape, after
 * OkHttp's {@code Interceptor}:
 *
 * <pre>{@code
 * Interceptor logging = chain -> {
 *     long start = System.nanoTime();
 *     return chain.proceed(chain.invocation().withHeader("X-Tenant", "acme"))
 *             .doFinally(s -> log.info("{} took {} ns", chain.invocation().endpoint(), System.nanoTime() - start));
 * };
 * }</pre>
 *
 * <p>The reply is always a {@code Flux}: at most one element for request-response. It must be lazy: the
 * call happens when it is subscribed, and subscribing again calls again (which is how a retry works).
 *
 * <p>Order. Client side: the service's client interceptors in the order added (the first is outermost), then
 * the built-in ones — header propagation ({@code Micro-From-Service}, {@code traceparent}), the deadline
 * (timeout of the whole call, 408), retries, then node selection and the transport. Handler side: the
 * built-in deadline ({@code Micro-Deadline} cancels the handler, 408) and the headers put in the Reactor
 * {@code Context}, then the service's handler interceptors in the order added, then the handler.
 */
@FunctionalInterface
public interface Interceptor {

    Flux<?> intercept(Chain chain);

    /** The rest of the chain. */
    interface Chain {
        /** The call as it reached this interceptor. */
        Invocation invocation();

        /** Hands {@code invocation} to the next interceptor, or to the transport / handler at the end. */
        Flux<?> proceed(Invocation invocation);
    }
}
