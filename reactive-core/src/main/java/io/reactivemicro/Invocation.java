package io.reactivemicro;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One call as interceptors see it, on either side: which service and endpoint, its interaction, headers,
 * options and the request — the request object itself for request-response and request-stream, a {@code
 * Flux} of request objects for request-channel. Immutable; interceptors change a call by passing a modified
 * copy to {@link Interceptor.Chain#proceed(Invocation)}.
 */
public final class Invocation {

    private final String service;
    private final String endpoint;
    private final Interaction interaction;
    private final Metadata headers;
    private final CallOptions options;
    private final Object request;
    private final Type responseType;
    private final boolean idempotent;

    Invocation(
            String service,
            String endpoint,
            Interaction interaction,
            Metadata headers,
            CallOptions options,
            Object request,
            Type responseType,
            boolean idempotent) {
        this.service = service;
        this.endpoint = endpoint;
        this.interaction = interaction;
        this.headers = headers;
        this.options = options;
        this.request = request;
        this.responseType = responseType;
        this.idempotent = idempotent;
    }

    /** The called service's name. */
    public String service() {
        return service;
    }

    /** The endpoint, {@code "<Interface>.<method>"}. */
    public String endpoint() {
        return endpoint;
    }

    public Interaction interaction() {
        return interaction;
    }

    /** The headers sent with (client side) or received with (handler side) the call. */
    public Metadata headers() {
        return headers;
    }

    /** The effective call options; on the handler side only the deadline-derived timeout is set. */
    public CallOptions options() {
        return options;
    }

    /** The request: an object, or a {@code Flux} of objects for {@link Interaction#REQUEST_CHANNEL}. */
    public Object request() {
        return request;
    }

    /** The Java type of each reply element. */
    public Type responseType() {
        return responseType;
    }

    /** Whether the endpoint is marked {@link Idempotent}. */
    public boolean idempotent() {
        return idempotent;
    }

    public Invocation withHeaders(Metadata headers) {
        Objects.requireNonNull(headers, "headers");
        return new Invocation(service, endpoint, interaction, headers, options, request, responseType, idempotent);
    }

    public Invocation withHeader(String name, String value) {
        return withHeaders(headers.with(name, value));
    }

    public Invocation withOptions(CallOptions options) {
        Objects.requireNonNull(options, "options");
        return new Invocation(service, endpoint, interaction, headers, options, request, responseType, idempotent);
    }

    public Invocation withRequest(Object request) {
        Objects.requireNonNull(request, "request");
        return new Invocation(service, endpoint, interaction, headers, options, request, responseType, idempotent);
    }

    @Override
    public String toString() {
        return "Invocation{" + service + "/" + endpoint + " " + interaction + ", headers=" + headers + "}";
    }
}
