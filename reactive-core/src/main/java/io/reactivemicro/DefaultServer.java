package io.reactivemicro;

import io.reactivemicro.ApiModel.EndpointMethod;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.codec.CodecException;
import io.reactivemicro.registry.EndpointRecord;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Dispatches wire requests to handlers: finds the endpoint, decodes the request, runs the handler
 * interceptors and the handler, encodes the replies, and turns every failure into a {@link MicroException}.
 */
final class DefaultServer implements Server, RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(DefaultServer.class);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String JSON = Codec.json().contentType();

    private final String name;
    private final Codecs codecs;
    private final Map<String, Endpoint> endpoints;
    private final List<EndpointRecord> records;
    private final List<Interceptor> interceptors;
    private volatile @Nullable String address;

    DefaultServer(String name, Codecs codecs, List<HandlerBinding> handlers, List<Interceptor> userInterceptors) {
        this.name = name;
        this.codecs = codecs;
        Deadlines.start();
        Map<String, Endpoint> map = new HashMap<>();
        List<EndpointRecord> recs = new ArrayList<>();
        for (HandlerBinding binding : handlers) {
            for (EndpointMethod em : binding.model().endpoints()) {
                Endpoint endpoint = new Endpoint(name, em, bind(em, binding.target()), codecs);
                if (map.put(em.name(), endpoint) != null) {
                    throw new IllegalArgumentException("endpoint " + em.name() + " is served twice");
                }
                recs.add(endpoint.record());
            }
        }
        this.endpoints = Map.copyOf(map);
        this.records = List.copyOf(recs);
        this.interceptors = List.copyOf(userInterceptors);
    }

    @Override
    public List<EndpointRecord> endpoints() {
        return records;
    }

    @Override
    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    void address(@Nullable String address) {
        this.address = address;
    }

    @Override
    public Mono<byte[]> requestResponse(Request request) {
        return new ServedUnary(request);
    }

    /**
     * A request-response call, run when it is subscribed: the endpoint found and the request decoded, then
     * the interceptors and the handler, under the caller's deadline, with the headers in their context, the
     * reply encoded. One operator and one subscriber (plus the deadline's) where {@code defer}, {@code
     * contextWrite}, the deadline's operator, {@code map} and {@code onErrorMap} put five of each on every call.
     */
    private final class ServedUnary extends Mono<byte[]> {
        private final Request request;

        ServedUnary(Request request) {
            this.request = request;
        }

        @Override
        public void subscribe(CoreSubscriber<? super byte[]> actual) {
            Endpoint ep;
            Duration timeout;
            Invocation inv;
            Mono<?> reply;
            try {
                ep = endpoint(request, Interaction.REQUEST_RESPONSE);
                Object decoded = ep.decode(request.contentType(), request.data(), name);
                timeout = timeLeft(request, ep);
                inv = invocation(ep, request, decoded, timeout);
                // with no interceptor wrapping it, Mono.from takes the handler's Mono back out of its flux()
                reply = Mono.from(InterceptorChain.run(interceptors, inv, ep.invoker));
            } catch (Throwable e) {
                Operators.error(actual, toMicro(Operators.onOperatorError(e, actual.currentContext())));
                return;
            }
            EncodingSubscriber encoding =
                    new EncodingSubscriber(actual, ep, inv.headers().into(actual.currentContext()));
            reply.subscribe(timeout == null ? encoding : Deadlines.subscriber(encoding, timeout, ep));
        }
    }

    /**
     * Encodes the handler's reply; gives the handler its context (the caller's headers) and fails with {@link
     * #toMicro}'s error. Signals arrive one at a time, so {@code done} is a plain field.
     */
    private final class EncodingSubscriber implements CoreSubscriber<Object>, Subscription {
        private final CoreSubscriber<? super byte[]> actual;
        private final Endpoint ep;
        private final Context context;
        private @Nullable Subscription upstream;
        private boolean done;

        EncodingSubscriber(CoreSubscriber<? super byte[]> actual, Endpoint ep, Context context) {
            this.actual = actual;
            this.ep = ep;
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(Object value) {
            if (done) {
                Operators.onNextDropped(value, context);
                return;
            }
            byte[] bytes;
            try {
                bytes = ep.encode(value);
            } catch (RuntimeException e) {
                cancel();
                onError(e);
                return;
            }
            actual.onNext(bytes);
        }

        @Override
        public void onError(Throwable e) {
            if (done) {
                Operators.onErrorDropped(e, context);
                return;
            }
            done = true;
            actual.onError(toMicro(e));
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            Subscription s = upstream;
            if (s != null) {
                s.request(n);
            }
        }

        @Override
        public void cancel() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
        }
    }

    @Override
    public Flux<byte[]> requestStream(Request request) {
        return Flux.defer(() -> {
                    Endpoint ep = endpoint(request, Interaction.REQUEST_STREAM);
                    return ep.encodeStream(
                            dispatch(ep, request, ep.decode(request.contentType(), request.data(), name)));
                })
                .onErrorMap(this::toMicro);
    }

    @Override
    public Flux<byte[]> requestChannel(Request first, Flux<byte[]> rest) {
        return Flux.defer(() -> {
                    Endpoint ep = endpoint(first, Interaction.REQUEST_CHANNEL);
                    Flux<Object> inbound = ep.decodeStream(first.contentType(), rest.startWith(first.data()), name);
                    return ep.encodeStream(dispatch(ep, first, inbound));
                })
                .onErrorMap(this::toMicro);
    }

    @Override
    public Mono<Void> fireAndForget(Request request) {
        return requestResponse(request)
                .doOnError(e -> log.warn("fire-and-forget {} failed: {}", request.endpoint(), e.toString()))
                .onErrorComplete()
                .then();
    }

    private Endpoint endpoint(Request request, Interaction interaction) {
        if (request.service() != null && !request.service().equals(name)) {
            throw MicroException.notFound(name, "service %s is not served here (this is %s)", request.service(), name);
        }
        Endpoint ep = endpoints.get(request.endpoint());
        if (ep == null) {
            throw MicroException.notFound(name, "unknown endpoint %s", request.endpoint());
        }
        if (ep.method.interaction() != interaction) {
            throw MicroException.badRequest(
                    name,
                    "endpoint %s is %s; it was called as %s",
                    ep.method.name(),
                    ep.method.interaction(),
                    interaction);
        }
        return ep;
    }

    /**
     * The built-in steps, then the user's interceptors and the handler: the handler runs with the caller's
     * headers in its Reactor {@code Context} and is cancelled, failing the call with 408, when the caller's
     * {@code Micro-Deadline} passes.
     */
    private Flux<?> dispatch(Endpoint ep, Request request, Object decoded) {
        Duration timeout = timeLeft(request, ep);
        Invocation inv = invocation(ep, request, decoded, timeout);
        Flux<?> replies = InterceptorChain.run(interceptors, inv, ep.invoker).contextWrite(inv.headers()::into);
        return timeout == null ? replies : Deadlines.within(replies, timeout, ep);
    }

    /** The call as interceptors and the handler see it; its options hold the time left, if the caller set a deadline. */
    private Invocation invocation(Endpoint ep, Request request, Object decoded, @Nullable Duration timeout) {
        return new Invocation(
                name,
                ep.method.name(),
                ep.method.interaction(),
                request.token() == null ? request.headers() : request.headers().withBearerToken(request.token()),
                timeout == null ? CallOptions.defaults() : CallOptions.timeout(timeout),
                decoded,
                ep.method.responseType(),
                ep.method.idempotent());
    }

    /** The time left before the caller's {@code Micro-Deadline}, {@code null} if it set none; 408 if it passed. */
    private @Nullable Duration timeLeft(Request request, Endpoint ep) {
        long deadline = Deadlines.read(request.headers());
        if (deadline == Deadlines.NONE) {
            return null;
        }
        long remaining = deadline - System.currentTimeMillis();
        if (remaining <= 0) {
            throw MicroException.timeout(name, "%s: deadline passed before the handler ran", ep.method.name());
        }
        return Duration.ofMillis(remaining);
    }

    private Throwable toMicro(Throwable t) {
        if (t instanceof MicroException e) {
            return e.id().isEmpty() ? MicroException.of(e.code(), name, e.detail(), e.status()) : e;
        }
        log.warn("handler of {} failed", name, t);
        return MicroException.internal(
                name,
                "%s",
                t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }

    private static MethodHandle bind(EndpointMethod em, Object target) {
        try {
            java.lang.reflect.Method method = em.method();
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method).bindTo(target);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot call " + em.name() + " on " + target.getClass().getName(), e);
        }
    }

    /** One served endpoint: the bound handler method and the codecs of its messages, made once. */
    private static final class Endpoint implements Deadlines.TimedCall {
        final String server;
        final EndpointMethod method;
        final MethodHandle handle;
        final Codec.@Nullable Encoder encoder;
        final Codecs codecsOf;
        final Codec defaultCodec;
        final Map<String, Codec> codecs = new ConcurrentHashMap<>();
        final Map<Codec, Codec.Decoder> decoders = new ConcurrentHashMap<>();
        /** {@link #invoke} as the interceptor chain's last step, made once. */
        final Function<Invocation, Flux<?>> invoker = this::invoke;

        Endpoint(String server, EndpointMethod method, MethodHandle handle, Codecs codecs) {
            this.server = server;
            this.method = method;
            this.handle = handle;
            this.codecsOf = codecs;
            Type response = method.responseType();
            this.encoder =
                    response == Void.class ? null : codecs.forType(response).encoder(response);
            this.defaultCodec = codecs.forType(method.requestType());
            decoders.put(defaultCodec, defaultCodec.decoder(method.requestType()));
        }

        /** A handler that ran out of the caller's time: the server names its endpoint. */
        @Override
        public MicroException timedOut(long millis) {
            return Deadlines.timedOut(server, null, method.name(), millis);
        }

        EndpointRecord record() {
            Map<String, String> metadata = method.idempotent() ? Map.of("idempotent", "true") : Map.of();
            return new EndpointRecord(
                    method.name(),
                    JsonSchemas.of(method.requestType()),
                    JsonSchemas.of(method.responseType()),
                    method.interaction().stream(),
                    metadata);
        }

        Object decode(@Nullable String contentType, byte[] data, String service) {
            Codec codec = codec(contentType);
            return decode(codec, decoder(codec), data, service);
        }

        /**
         * A channel's messages, decoded with one stream decoder from the channel's start; it is closed when the
         * messages end (on cancel it is left to the collector, as {@link Codec.StreamDecoder} allows).
         */
        Flux<Object> decodeStream(@Nullable String contentType, Flux<byte[]> messages, String service) {
            Codec codec = codec(contentType);
            Codec.StreamDecoder decoder = decoder(codec).forStream();
            return messages.map(data -> decode(codec, decoder, data, service)).doOnTerminate(decoder::close);
        }

        private Codec codec(@Nullable String contentType) {
            return contentType == null
                    ? defaultCodec
                    : codecs.computeIfAbsent(
                            contentType.toLowerCase(Locale.ROOT), ct -> this.codecsOf.forContent(ct, requestType()));
        }

        private Codec.Decoder decoder(Codec codec) {
            // get before computeIfAbsent: the mapping lambda captures this, so passing it costs an object per call
            Codec.Decoder decoder = decoders.get(codec);
            return decoder != null ? decoder : decoders.computeIfAbsent(codec, c -> c.decoder(requestType()));
        }

        private Object decode(Codec codec, Codec.Decoder decoder, byte[] data, String service) {
            // An empty JSON body means "no fields": Debug.health and friends can be called with nothing.
            byte[] body = data.length == 0 && JSON.equals(codec.contentType()) ? EMPTY_OBJECT : data;
            try {
                return decoder.decode(body);
            } catch (CodecException e) {
                throw MicroException.badRequest(service, "%s: %s", method.name(), e.getMessage());
            }
        }

        private Type requestType() {
            return method.requestType();
        }

        byte[] encode(Object value) {
            return encode(encoder, value);
        }

        /** A stream's replies, encoded with one stream encoder, closed when they end. */
        Flux<byte[]> encodeStream(Flux<?> replies) {
            if (encoder == null) {
                return replies.map(this::encode);
            }
            Codec.StreamEncoder stream = encoder.forStream();
            return replies.map(value -> encode(stream, value)).doOnTerminate(stream::close);
        }

        private byte[] encode(Codec.@Nullable Encoder encoder, Object value) {
            if (encoder == null) {
                throw new IllegalStateException(method.name() + " replied with a value to a Mono<Void>");
            }
            try {
                return encoder.encode(value);
            } catch (CodecException e) {
                throw MicroException.internal("", "%s: cannot encode the reply: %s", method.name(), e.getMessage());
            }
        }

        Flux<?> invoke(Invocation invocation) {
            Object result;
            try {
                result = handle.invoke(invocation.request());
            } catch (Throwable t) {
                return Flux.error(t);
            }
            if (result == null) {
                return Flux.error(new NullPointerException(method.name() + " returned null instead of a Mono/Flux"));
            }
            return Flux.from((org.reactivestreams.Publisher<?>) result);
        }
    }
}
