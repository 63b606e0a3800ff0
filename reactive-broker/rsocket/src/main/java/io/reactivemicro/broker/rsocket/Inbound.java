package io.reactivemicro.broker.rsocket;

import io.reactivemicro.MicroException;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.Topics;
import io.reactivemicro.transport.Request;
import io.reactivemicro.transport.RequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a broker node serves: fire-and-forget on {@code Broker.publish}, the topic (and queue group, for a
 * group's message) in the headers. A frame that is not such a message is logged and dropped (fire-and-forget
 * has no reply to carry an error); every other interaction is answered with 404.
 */
final class Inbound implements RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);

    private final LocalSubscribers local;

    Inbound(LocalSubscribers local) {
        this.local = local;
    }

    @Override
    public Mono<Void> fireAndForget(Request request) {
        return Mono.fromRunnable(() -> {
            String topic = request.headers().get(RSocketBroker.TOPIC);
            if (!RSocketBroker.ROUTE.equals(request.endpoint()) || topic == null) {
                log.warn(
                        "{}: dropping a fire-and-forget on route {} without a {} header (expected: route {})",
                        RSocketBroker.ID,
                        request.endpoint(),
                        RSocketBroker.TOPIC,
                        RSocketBroker.ROUTE);
                return;
            }
            try {
                Topics.check(RSocketBroker.ID, topic);
            } catch (MicroException e) {
                log.warn("{}: dropping a message: {}", RSocketBroker.ID, e.getMessage());
                return;
            }
            String queue = request.headers().get(RSocketBroker.QUEUE);
            Message message = Message.of(
                    request.headers().without(RSocketBroker.TOPIC).without(RSocketBroker.QUEUE), request.data());
            if (!local.deliver(topic, queue, message)) {
                log.debug(
                        "{}: no local subscriber of {} (group {}) any more; message dropped",
                        RSocketBroker.ID,
                        topic,
                        queue);
            }
        });
    }

    @Override
    public Mono<byte[]> requestResponse(Request request) {
        return Mono.error(notServed(request));
    }

    @Override
    public Flux<byte[]> requestStream(Request request) {
        return Flux.error(notServed(request));
    }

    @Override
    public Flux<byte[]> requestChannel(Request first, Flux<byte[]> rest) {
        return Flux.error(notServed(first));
    }

    private static MicroException notServed(Request request) {
        return MicroException.notFound(
                RSocketBroker.ID,
                "unknown endpoint %s: a broker node serves only fire-and-forget %s",
                request.endpoint(),
                RSocketBroker.ROUTE);
    }
}
