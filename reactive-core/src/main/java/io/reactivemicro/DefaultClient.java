package io.reactivemicro;

import io.reactivemicro.ApiModel.EndpointMethod;
import io.reactivemicro.broker.Broker;
import io.reactivemicro.broker.Message;
import io.reactivemicro.codec.Codec;
import io.reactivemicro.codec.CodecException;
import io.reactivemicro.registry.CachingRegistry;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.selector.Selector;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.TransportClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Signal;

/**
 * The client: interceptors, then the built-in propagation, deadline and retry steps, then node selection and
 * the transport. Codecs are resolved once per type and kept.
 */
final class DefaultClient implements Client {

    private final String from;
    private final CachingRegistry registry;
    private final NodeBook nodes;
    private final Broker broker;
    private final Selector selector;
    private final TransportClient transport;
    private final Codecs codecs;
    private final List<Interceptor> interceptors;
    private final Duration requestTimeout;
    private final int retries;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] EMPTY = new byte[0];

    private final reactor.core.Disposable disconnects;
    private volatile boolean closed;
    private volatile FromService lastFromService;
    private volatile @Nullable WithDeadline lastDeadline;
    private final Map<Type, Codec.Encoder> encoders = new ConcurrentHashMap<>();
    private final Map<Type, Codec.Decoder> decoders = new ConcurrentHashMap<>();
    /** The interceptor chain's last step, made once: {@code this::outgoing} at each call was an object. */
    private final Function<Invocation, Flux<?>> outgoing = this::outgoing;

    DefaultClient(
            String from,
            CachingRegistry registry,
            Broker broker,
            Selector selector,
            TransportClient transport,
            Codecs codecs,
            List<Interceptor> userInterceptors,
            Duration requestTimeout,
            int retries) {
        this.from = from;
        this.registry = registry;
        this.broker = broker;
        this.selector = selector;
        this.transport = transport;
        this.codecs = codecs;
        this.requestTimeout = requestTimeout;
        this.retries = retries;
        this.nodes = new NodeBook(transport::evict);
        this.lastFromService =
                new FromService(Metadata.empty(), Metadata.empty().with(Metadata.FROM_SERVICE, from));
        Deadlines.start();
        this.disconnects = transport.disconnects().subscribe(this::failed);
        this.interceptors = List.copyOf(userInterceptors);
    }

    @Override
    public <T> T proxy(Class<T> api, String service) {
        return proxy(api, service, CallOptions.defaults());
    }

    @Override
    public <T> T proxy(Class<T> api, String service, CallOptions options) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        ApiModel model = ApiModel.of(api);
        Map<Method, EndpointMethod> methods = new HashMap<>();
        for (EndpointMethod em : model.endpoints()) {
            methods.put(em.method(), em);
            encoder(em.requestType());
            if (em.responseType() != Void.class) {
                decoder(em.responseType());
            }
        }
        InvocationHandler handler = new ProxyHandler(api, service, options, methods);
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
    }

    @Override
    public <R> Mono<R> call(String service, String endpoint, Object request, Class<R> responseType) {
        return call(service, endpoint, request, responseType, CallOptions.defaults());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Mono<R> call(
            String service, String endpoint, Object request, Class<R> responseType, CallOptions options) {
        Invocation inv =
                invocation(service, endpoint, Interaction.REQUEST_RESPONSE, request, responseType, options, false);
        return (Mono<R>) unary(inv);
    }

    @Override
    public <R> Flux<R> stream(String service, String endpoint, Object request, Class<R> responseType) {
        return stream(service, endpoint, request, responseType, CallOptions.defaults());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Flux<R> stream(
            String service, String endpoint, Object request, Class<R> responseType, CallOptions options) {
        Invocation inv =
                invocation(service, endpoint, Interaction.REQUEST_STREAM, request, responseType, options, false);
        return (Flux<R>) run(inv);
    }

    @Override
    public <R> Flux<R> channel(String service, String endpoint, Publisher<?> requests, Class<R> responseType) {
        return channel(service, endpoint, requests, responseType, CallOptions.defaults());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Flux<R> channel(
            String service, String endpoint, Publisher<?> requests, Class<R> responseType, CallOptions options) {
        Objects.requireNonNull(requests, "requests");
        Invocation inv = invocation(
                service, endpoint, Interaction.REQUEST_CHANNEL, Flux.from(requests), responseType, options, false);
        return (Flux<R>) run(inv);
    }

    @Override
    public Mono<Void> publish(String topic, Object message) {
        return publish(topic, message, CallOptions.defaults());
    }

    @Override
    public Mono<Void> publish(String topic, Object message, CallOptions options) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        return Mono.deferContextual(ctx -> {
            Codec codec = codecs.forType(message.getClass());
            byte[] body;
            try {
                body = encoder(message.getClass()).encode(message);
            } catch (CodecException e) {
                return Mono.error(
                        MicroException.badRequest(from, "cannot encode message for %s: %s", topic, e.getMessage()));
            }
            Metadata headers = outgoingHeaders(Metadata.from(ctx), options.headers())
                    .with(Message.CONTENT_TYPE, codec.contentType());
            return broker.publish(topic, Message.of(headers, body));
        });
    }

    /** Sets {@code address} aside and, unless a probe is already scheduled, schedules one. */
    private void failed(String address) {
        Duration backoff = nodes.failed(address);
        if (backoff != null) {
            probeLater(address, backoff);
        }
    }

    /**
     * Probes a node set aside with {@code Debug.health} (2 s timeout) after {@code backoff}: an answer brings
     * it back, a failure schedules the next probe with a longer backoff; it stops once the node has left the
     * registry or the client is disposed.
     */
    private void probeLater(String address, Duration backoff) {
        Mono.delay(backoff)
                .filter(t -> !closed && nodes.needsProbe(address))
                .flatMap(t -> {
                    long startedAt = System.nanoTime();
                    return health(address).doOnSuccess(reply -> nodes.answered(address, startedAt));
                })
                .subscribe(null, e -> probeLater(address, nodes.probeFailed(address)));
    }

    /**
     * Calls {@code Debug.health} of the node at {@code address} once, then closes that connection: a service
     * calls itself this way before it registers. Fails as the call failed.
     */
    Mono<Void> callOnce(String address) {
        return Mono.usingWhen(
                Mono.just(address), a -> health(a).then(), a -> Mono.fromRunnable(() -> transport.evict(a)));
    }

    /** {@code Debug.health} of the node at {@code address}, straight over the transport, bounded by 2 s. */
    private Mono<byte[]> health(String address) {
        return transport
                .requestResponse(
                        address,
                        new Request(
                                Debug.class.getSimpleName() + ".health",
                                null,
                                Metadata.empty().with(Metadata.FROM_SERVICE, from),
                                null,
                                null,
                                EMPTY))
                .timeout(PROBE_TIMEOUT);
    }

    void dispose() {
        closed = true;
        disconnects.dispose();
        transport.dispose();
    }

    private Invocation invocation(
            String service,
            String endpoint,
            Interaction interaction,
            Object request,
            Type responseType,
            CallOptions options,
            boolean idempotent) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(options, "options");
        return new Invocation(
                service, endpoint, interaction, options.headers(), options, request, responseType, idempotent);
    }

    /**
     * A stream or channel call. With no user interceptor it is the built-in steps alone: they are assembled
     * when subscribed, so no {@code Flux.defer} is needed around them.
     */
    private Flux<?> run(Invocation invocation) {
        if (interceptors.isEmpty()) {
            return outgoing(invocation);
        }
        return Flux.defer(() -> InterceptorChain.run(interceptors, invocation, outgoing));
    }

    /**
     * A request-response call: with no user interceptor, {@link #outgoingUnary} itself. Through interceptors,
     * {@link #outgoing} gives it as a {@code Mono}'s {@code flux()}, so that an interceptor that passes it on
     * unchanged lets {@code Mono.from} take the {@code Mono} back out.
     */
    private Mono<Object> unary(Invocation invocation) {
        if (interceptors.isEmpty()) {
            return outgoingUnary(invocation);
        }
        return Mono.defer(() -> Mono.from(InterceptorChain.run(interceptors, invocation, outgoing)));
    }

    /**
     * The built-in steps after the user's interceptors, in one step so that a call reads its context once and
     * builds its request once, for all its tries: {@code Micro-From-Service} and the handled call's trace
     * context added, the deadline set, then the tries: {@link #attemptUnary} for request-response, {@link
     * #attempt} otherwise.
     *
     * <p>The deadline bounds the whole call, retries included: the call's timeout (request-response: 5 s by
     * default), never beyond the deadline of the call being handled, if any. It travels as {@code
     * Micro-Deadline}.
     */
    private Flux<?> outgoing(Invocation call) {
        if (call.interaction() == Interaction.REQUEST_RESPONSE) {
            return outgoingUnary(call).flux();
        }
        return Flux.<Object>deferContextual(ctx -> {
            Metadata incoming = Metadata.from(ctx);
            long now = System.currentTimeMillis();
            Duration timeout = timeout(call, incoming, now);
            Metadata headers = sentHeaders(call, incoming, timeout, now);
            Request request = call.interaction() == Interaction.REQUEST_CHANNEL
                    ? wire(call, headers, null, EMPTY)
                    : request(call, headers);
            Flux<Object> replies = attempt(call, request, budget(call), Set.of());
            return timeout == null
                    ? replies
                    : Deadlines.within(replies, timeout, from, call.service(), call.endpoint());
        });
    }

    /** {@link #outgoing} for request-response. */
    private Mono<Object> outgoingUnary(Invocation call) {
        return new UnaryCall(call);
    }

    /**
     * A request-response call's built-in steps, run when it is subscribed: one object per call where {@code
     * Mono.deferContextual}, its lambda and the deadline's operator were three.
     */
    private final class UnaryCall extends Mono<Object> implements Deadlines.TimedCall {
        private final Invocation call;

        UnaryCall(Invocation call) {
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            Duration timeout;
            Request request;
            String address;
            Mono<byte[]> sent = null;
            Mono<Object> tries = null;
            try {
                Metadata incoming = Metadata.from(actual.currentContext());
                long now = System.currentTimeMillis();
                // never null: a request-response call has the service's timeout at least
                // Mono's own timeout and request would shadow the client's
                timeout = Objects.requireNonNull(DefaultClient.this.timeout(call, incoming, now));
                request = DefaultClient.this.request(call, sentHeaders(call, incoming, timeout, now));
                address = nodeNow(call, Set.of());
                if (address != null) {
                    sent = transport.requestResponse(address, request);
                } else {
                    tries = attemptUnary(call, request, budget(call), Set.of());
                }
            } catch (Throwable e) {
                Operators.error(actual, Operators.onOperatorError(e, actual.currentContext()));
                return;
            }
            CoreSubscriber<Object> limited = Deadlines.subscriber(actual, timeout, this);
            if (tries == null) {
                new UnaryAttempt(limited, Objects.requireNonNull(address), call, request, budget(call), Set.of())
                        .start(Objects.requireNonNull(sent));
            } else {
                tries.subscribe(limited);
            }
        }

        @Override
        public MicroException timedOut(long millis) {
            return Deadlines.timedOut(from, call.service(), call.endpoint(), millis);
        }
    }

    /** The call's timeout (request-response: the service's by default), cut to the handled call's deadline. */
    private @Nullable Duration timeout(Invocation call, Metadata incoming, long now) {
        Duration timeout = call.options().timeout();
        if (timeout == null && call.interaction() == Interaction.REQUEST_RESPONSE) {
            timeout = requestTimeout;
        }
        long inherited = Deadlines.read(incoming);
        if (inherited != Deadlines.NONE && (timeout == null || inherited < now + timeout.toMillis())) {
            timeout = Duration.ofMillis(Math.max(1, inherited - now));
        }
        return timeout;
    }

    /** The call's headers as they are sent: with the propagated ones and, if it has a timeout, its deadline. */
    private Metadata sentHeaders(Invocation call, Metadata incoming, @Nullable Duration timeout, long now) {
        Metadata headers = outgoingHeaders(incoming, call.headers());
        if (timeout != null) {
            headers = withDeadline(headers, now + timeout.toMillis());
        }
        return headers;
    }

    /**
     * {@code headers} with the deadline {@code millis}. Calls started in the same millisecond with the same
     * timeout and headers (a proxy's calls) share a deadline, so the last answer is kept instead of a copy of
     * the headers and the deadline's text per call.
     */
    private Metadata withDeadline(Metadata headers, long millis) {
        WithDeadline last = lastDeadline;
        if (last != null && last.millis() == millis && last.headers() == headers) {
            return last.withDeadline();
        }
        Metadata withDeadline = headers.with(Metadata.DEADLINE, Long.toString(millis));
        lastDeadline = new WithDeadline(headers, millis, withDeadline);
        return withDeadline;
    }

    private record WithDeadline(Metadata headers, long millis, Metadata withDeadline) {}

    private Metadata outgoingHeaders(Metadata incoming, Metadata headers) {
        Metadata out = fromService(headers);
        String trace = incoming.get(Metadata.TRACEPARENT);
        if (trace != null && headers.get(Metadata.TRACEPARENT) == null) {
            out = out.with(Metadata.TRACEPARENT, trace);
        }
        return out;
    }

    /**
     * {@code headers} with {@code Micro-From-Service}. A proxy sends the same headers on every call, so the
     * last answer is kept: a copy of the headers per call was a twentieth of the client path's allocation.
     */
    private Metadata fromService(Metadata headers) {
        FromService last = lastFromService;
        if (last.headers() == headers) {
            return last.withFrom();
        }
        Metadata withFrom = headers.with(Metadata.FROM_SERVICE, from);
        lastFromService = new FromService(headers, withFrom);
        return withFrom;
    }

    private record FromService(Metadata headers, Metadata withFrom) {}

    /**
     * How many times the call may be re-sent on another node: when it provably never reached a handler (503);
     * one that may have run (502, connection lost mid-call) only for an {@link Idempotent} endpoint. A stream
     * is re-sent only before its first reply; a channel never.
     */
    private int budget(Invocation inv) {
        Integer configured = inv.options().retries();
        return inv.interaction() == Interaction.REQUEST_CHANNEL ? 0 : configured != null ? configured : retries;
    }

    private static boolean retryable(Invocation inv, Throwable e) {
        return MicroException.hasCode(e, 503) || (inv.idempotent() && MicroException.hasCode(e, 502));
    }

    /**
     * One try, on a node not in {@code tried}. The node is picked at once when the registry cache holds the
     * service (nearly every call), through the cache's {@code Mono} otherwise. The set of tried nodes is built
     * only when a retry happens: most calls succeed at once, and a set per call was a tenth of the client's
     * allocation.
     */
    private Flux<Object> attempt(Invocation inv, Request request, int left, Set<String> tried) {
        String address = nodeNow(inv, tried);
        if (address != null) {
            return attemptOn(address, inv, request, left, tried);
        }
        return node(inv, tried).flatMapMany(picked -> attemptOn(picked, inv, request, left, tried));
    }

    private Flux<Object> attemptOn(String address, Invocation inv, Request request, int left, Set<String> tried) {
        Tracking tracking = new Tracking(address);
        Flux<Object> replies = widen(sendTo(address, inv, request, tracking));
        if (left == 0) {
            return replies;
        }
        // a 503 or 502 leaves the tracking unanswered, so "answered" here means a reply came before the error
        return replies.onErrorResume(e -> retryable(inv, e) && !tracking.answered()
                ? attempt(inv, request, left - 1, tried(tried, address))
                : Flux.error(e));
    }

    /**
     * {@link #attempt} for request-response, as a {@code Mono}: for a retry, and for a first try whose node comes
     * from the registry's {@code Mono}. A first try whose node is at hand skips it ({@link UnaryCall}).
     */
    private Mono<Object> attemptUnary(Invocation inv, Request request, int left, Set<String> tried) {
        String address = nodeNow(inv, tried);
        if (address != null) {
            return tryOn(address, inv, request, left, tried);
        }
        return node(inv, tried).flatMap(picked -> tryOn(picked, inv, request, left, tried));
    }

    private Mono<Object> tryOn(String address, Invocation inv, Request request, int left, Set<String> tried) {
        Mono<byte[]> sent = transport.requestResponse(address, request);
        return Mono.fromDirect(
                s -> new UnaryAttempt(Operators.toCoreSubscriber(s), address, inv, request, left, tried).start(sent));
    }

    /** {@code before} and this try's node. */
    private static Set<String> tried(Set<String> before, String address) {
        Set<String> tried = new HashSet<>(before);
        tried.add(address);
        return tried;
    }

    /** The node for this try if it can be picked without waiting on the registry, else {@code null}. */
    private @Nullable String nodeNow(Invocation inv, Set<String> tried) {
        String fixed = inv.options().address();
        if (fixed != null) {
            return fixed;
        }
        List<ServiceRecord> records = registry.cachedService(inv.service());
        if (records == null || records.isEmpty()) {
            return null;
        }
        Node node = pick(inv, records, tried);
        return node == null ? null : node.address();
    }

    /**
     * {@link NodeBook#pick}, which runs the user's selector and filters: one that throws, or a selector that
     * picks nothing, fails the call with a 500 saying so, not with an exception of its own or with a 503 that
     * would send the caller looking for a node that is not missing.
     */
    private @Nullable Node pick(Invocation inv, List<ServiceRecord> records, Set<String> tried) {
        try {
            return nodes.pick(inv.service(), records, inv.options().filters(), tried, selector);
        } catch (RuntimeException e) {
            throw MicroException.internal(
                    from, "picking a node of %s failed in the selector or a filter: %s", inv.service(), e.toString());
        }
    }

    /** The node for this try through the registry cache's {@code Mono}; {@link #nodeNow} had none at hand. */
    private Mono<String> node(Invocation inv, Set<String> tried) {
        String service = inv.service();
        return registry.getService(service)
                .onErrorMap(
                        e -> !(e instanceof MicroException),
                        e -> MicroException.unavailable(
                                from,
                                "registry %s failed looking up %s: %s",
                                registry.describe(),
                                service,
                                e.getMessage()))
                .flatMap(records -> {
                    if (records.isEmpty()) {
                        return Mono.error(MicroException.notFound(
                                from, "service %s not found in registry %s", service, registry.describe()));
                    }
                    Node node = pick(inv, records, tried);
                    if (node == null) {
                        return Mono.error(MicroException.unavailable(
                                from,
                                "service %s has no node available%s",
                                service,
                                inv.options().filters().isEmpty() ? "" : " that passes the call's filters"));
                    }
                    return Mono.just(node.address());
                });
    }

    @SuppressWarnings("unchecked")
    static Flux<Object> widen(Flux<?> flux) {
        return (Flux<Object>) flux;
    }

    private Flux<?> sendTo(String address, Invocation inv, Request request, Tracking tracking) {
        Type responseType = inv.responseType();
        Codec.Decoder decoder = responseType == Void.class ? null : decoder(responseType);
        Flux<byte[]> replies;
        switch (inv.interaction()) {
            case REQUEST_CHANNEL -> {
                @SuppressWarnings("unchecked")
                Flux<Object> requests = (Flux<Object>) inv.request();
                replies = transport.requestChannel(address, request, Flux.defer(() -> encodeStream(requests)));
            }
            case REQUEST_STREAM -> replies = transport.requestStream(address, request);
            default -> replies = transport.requestResponse(address, request).flux();
        }
        Flux<byte[]> tracked = tracked(replies, tracking);
        if (decoder == null) {
            return tracked.then().flux();
        }
        if (inv.interaction() == Interaction.REQUEST_RESPONSE) {
            return tracked.map(data -> decodeReply(decoder, inv, data));
        }
        // one stream decoder per subscription: a resubscribed stream must not share one with the last
        return Flux.defer(() -> {
            Codec.StreamDecoder stream = decoder.forStream();
            return tracked.map(data -> decodeReply(stream, inv, data)).doOnTerminate(stream::close);
        });
    }

    /**
     * A channel's requests, encoded with a stream encoder of each one's class; a request of another class than
     * the one before starts another encoder. Closed when the requests end.
     */
    private Flux<byte[]> encodeStream(Flux<Object> requests) {
        RequestEncoding encoding = new RequestEncoding();
        return requests.map(encoding::encode).doOnTerminate(encoding::close);
    }

    private final class RequestEncoding {
        private @Nullable Class<?> type;
        private Codec.@Nullable StreamEncoder encoder;

        byte[] encode(Object value) {
            Codec.StreamEncoder current = encoder;
            if (current == null || value.getClass() != type) {
                close();
                type = value.getClass();
                current = encoder(value.getClass()).forStream();
                encoder = current;
            }
            try {
                return current.encode(value);
            } catch (CodecException e) {
                throw requestNotEncoded(e);
            }
        }

        void close() {
            Codec.StreamEncoder current = encoder;
            encoder = null;
            if (current != null) {
                current.close();
            }
        }
    }

    private Object decodeReply(Codec.Decoder decoder, Invocation inv, byte[] data) {
        try {
            return decoder.decode(data);
        } catch (CodecException e) {
            throw MicroException.internal(
                    from, "%s %s: cannot decode the reply: %s", inv.service(), inv.endpoint(), e.getMessage());
        }
    }

    /**
     * Counts the call in flight to {@code address} while it runs and feeds the node book: a reply or the
     * handler's own error proves the node alive; a failed or lost connection sets it aside.
     */
    private Flux<byte[]> tracked(Flux<byte[]> replies, Tracking tracking) {
        // no Flux.defer: a try is assembled when it is subscribed (in outgoing's deferContextual, or on resuming)
        tracking.started();
        return replies.doOnEach(tracking).doFinally(s -> tracking.ended());
    }

    /**
     * One call's feed into the node book, as one signal consumer (three peek operators and their lambdas per
     * call before). Reactive Streams delivers a subscriber's signals one at a time, so a plain flag will do.
     */
    private class Tracking implements Consumer<Signal<byte[]>> {
        final String address;
        private long startedAt;
        private boolean answered;

        Tracking(String address) {
            this.address = address;
        }

        public void started() {
            startedAt = nodes.started(address);
        }

        @Override
        public void accept(Signal<byte[]> signal) {
            observed(signal.getThrowable());
        }

        public void observed(@Nullable Throwable e) {
            answered = DefaultClient.this.observed(address, startedAt, answered, e);
        }

        public boolean answered() {
            return answered;
        }

        public void ended() {
            nodes.ended(address);
        }
    }

    /**
     * A try's reply ({@code e} null) or error, to the node book: a reply or the handler's own error proves the
     * node alive; a failed or lost connection sets it aside. Returns whether the try has been answered.
     */
    private boolean observed(String address, long startedAt, boolean answered, @Nullable Throwable e) {
        if (e != null && (MicroException.hasCode(e, 503) || MicroException.hasCode(e, 502))) {
            failed(address);
            return answered;
        }
        if (!answered) {
            nodes.answered(address, startedAt);
        }
        return true;
    }

    /** A request-response try: its operator, its tracking, and what decoding the reply and a retry need. */
    private final class UnaryAttempt extends UnaryTry {
        private final String address;
        private final Invocation inv;
        private final Request request;
        private final int left;
        private final Set<String> tried;
        private long startedAt;
        private boolean answered;

        UnaryAttempt(
                CoreSubscriber<? super Object> actual,
                String address,
                Invocation inv,
                Request request,
                int left,
                Set<String> tried) {
            super(actual);
            this.address = address;
            this.inv = inv;
            this.request = request;
            this.left = left;
            this.tried = tried;
        }

        @Override
        void started() {
            startedAt = nodes.started(address);
        }

        @Override
        void observed(@Nullable Throwable e) {
            answered = DefaultClient.this.observed(address, startedAt, answered, e);
        }

        @Override
        boolean answered() {
            return answered;
        }

        @Override
        void ended() {
            nodes.ended(address);
        }

        @Override
        @Nullable
        Object decode(byte[] reply) {
            Type responseType = inv.responseType();
            return responseType == Void.class ? null : decodeReply(decoder(responseType), inv, reply);
        }

        @Override
        @Nullable
        Mono<Object> retry(Throwable error) {
            return left > 0 && retryable(inv, error)
                    ? attemptUnary(inv, request, left - 1, tried(tried, address))
                    : null;
        }
    }

    private Request request(Invocation inv, Metadata headers) {
        Object value = inv.request();
        return wire(inv, headers, codecs.contentTypeHeader(value.getClass()), encode(value));
    }

    /** The request as it crosses the wire: a bearer token in the headers travels as authentication metadata. */
    private static Request wire(Invocation inv, Metadata headers, @Nullable String contentType, byte[] data) {
        String token = headers.bearerToken();
        if (token != null) {
            headers = headers.without(Metadata.AUTHORIZATION);
        }
        return new Request(inv.endpoint(), inv.service(), headers, contentType, token, data);
    }

    private byte[] encode(Object value) {
        try {
            return encoder(value.getClass()).encode(value);
        } catch (CodecException e) {
            throw requestNotEncoded(e);
        }
    }

    private MicroException requestNotEncoded(CodecException e) {
        return MicroException.badRequest(from, "cannot encode the request: %s", e.getMessage());
    }

    // get before computeIfAbsent: the mapping lambda captures this, so passing it costs an object per call
    private Codec.Encoder encoder(Type type) {
        Codec.Encoder encoder = encoders.get(type);
        return encoder != null
                ? encoder
                : encoders.computeIfAbsent(type, t -> codecs.forType(t).encoder(t));
    }

    private Codec.Decoder decoder(Type type) {
        Codec.Decoder decoder = decoders.get(type);
        return decoder != null
                ? decoder
                : decoders.computeIfAbsent(type, t -> codecs.forType(t).decoder(t));
    }

    /** Dispatches a proxy's methods; the method-to-endpoint map is built once, at proxy creation. */
    private final class ProxyHandler implements InvocationHandler {
        private final Class<?> api;
        private final String service;
        private final CallOptions options;
        private final Map<Method, EndpointMethod> methods;

        ProxyHandler(Class<?> api, String service, CallOptions options, Map<Method, EndpointMethod> methods) {
            this.api = api;
            this.service = service;
            this.options = options;
            this.methods = methods;
        }

        @Override
        public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
            EndpointMethod em = methods.get(method);
            if (em == null) {
                if (method.isDefault()) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                return switch (method.getName()) {
                    case "equals" -> args != null && proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> api.getSimpleName() + " client of " + service;
                    default -> throw new UnsupportedOperationException(method.toString());
                };
            }
            Object request = Objects.requireNonNull(args, "args")[0];
            if (request == null) {
                throw new NullPointerException(em.name() + ": request is null");
            }
            Invocation inv = new Invocation(
                    service,
                    em.name(),
                    em.interaction(),
                    options.headers(),
                    options,
                    em.interaction() == Interaction.REQUEST_CHANNEL ? Flux.from((Publisher<?>) request) : request,
                    em.responseType(),
                    em.idempotent());
            return em.interaction() == Interaction.REQUEST_RESPONSE ? unary(inv) : run(inv);
        }
    }
}
