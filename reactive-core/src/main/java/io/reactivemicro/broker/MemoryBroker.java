package io.reactivemicro.broker;

import io.reactivemicro.MicroException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/** In-process pub/sub: broadcast subscribers each get every message, queue groups take turns. */
final class MemoryBroker implements Broker {

    static final MemoryBroker SHARED = new MemoryBroker();

    private static final Logger log = LoggerFactory.getLogger(MemoryBroker.class);

    private final Map<String, List<Subscriber>> topics = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    @Override
    public Mono<Void> publish(String topic, Message message) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        return Mono.fromRunnable(() -> {
            List<Subscriber> subscribers = topics.get(topic);
            if (subscribers == null || subscribers.isEmpty()) {
                return;
            }
            Map<String, List<Subscriber>> groups = null;
            for (Subscriber s : subscribers) {
                if (s.queue == null) {
                    s.sink.next(message);
                } else {
                    if (groups == null) {
                        groups = new java.util.HashMap<>();
                    }
                    groups.computeIfAbsent(s.queue, q -> new java.util.ArrayList<>())
                            .add(s);
                }
            }
            if (groups != null) {
                int n = turn.getAndIncrement() & Integer.MAX_VALUE;
                groups.values()
                        .forEach(members -> members.get(n % members.size()).sink.next(message));
            }
        });
    }

    @Override
    public Flux<Message> subscribe(String topic, SubscribeOptions options) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(options, "options");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic: blank");
        }
        Flux<Message> messages = Flux.create(sink -> {
            Subscriber subscriber = new Subscriber(options.queue(), sink);
            topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(subscriber);
            sink.onDispose(() -> topics.computeIfPresent(topic, (t, list) -> {
                list.remove(subscriber);
                return list.isEmpty() ? null : list;
            }));
        });
        if (options.overflow() == SubscribeOptions.Overflow.DROP_OLDEST) {
            AtomicInteger dropped = new AtomicInteger();
            return messages.onBackpressureBuffer(
                    options.bufferSize(),
                    m -> {
                        int n = dropped.incrementAndGet();
                        if (Integer.bitCount(n) == 1) {
                            log.warn("subscriber of {} is behind: {} messages dropped so far", topic, n);
                        }
                    },
                    BufferOverflowStrategy.DROP_OLDEST);
        }
        return messages.onBackpressureBuffer(options.bufferSize(), BufferOverflowStrategy.ERROR)
                .onErrorMap(
                        reactor.core.Exceptions::isOverflow,
                        e -> MicroException.tooManyRequests(
                                "broker", "subscriber of %s fell %d messages behind", topic, options.bufferSize()));
    }

    @Override
    public String describe() {
        return "memory";
    }

    private record Subscriber(
            @org.jspecify.annotations.Nullable String queue, FluxSink<Message> sink) {}
}
