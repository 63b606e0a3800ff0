package io.reactivemicro.broker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * In-process pub/sub: broadcast subscribers each get every message, queue groups take turns (round robin).
 * At-most-once: a message is handed to the subscribers present when it is published, into each one's bounded
 * {@link SubscriberBuffer}; nothing is kept for later subscribers. Per publisher, order is kept.
 */
final class MemoryBroker implements Broker {

    static final MemoryBroker SHARED = new MemoryBroker();

    private final Map<String, List<Subscriber>> topics = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    @Override
    public Mono<Void> publish(String topic, Message message) {
        Topics.check("broker", topic);
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
        Topics.check("broker", topic);
        Objects.requireNonNull(options, "options");
        Flux<Message> messages = Flux.create(sink -> {
            Subscriber subscriber = new Subscriber(options.queue(), sink);
            topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(subscriber);
            sink.onDispose(() -> topics.computeIfPresent(topic, (t, list) -> {
                list.remove(subscriber);
                return list.isEmpty() ? null : list;
            }));
        });
        return SubscriberBuffer.bound(messages, "broker", topic, options);
    }

    @Override
    public String describe() {
        return "memory";
    }

    private record Subscriber(
            @org.jspecify.annotations.Nullable String queue, FluxSink<Message> sink) {}
}
