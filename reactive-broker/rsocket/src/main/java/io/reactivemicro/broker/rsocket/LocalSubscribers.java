package io.reactivemicro.broker.rsocket;

import io.reactivemicro.broker.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.FluxSink;

/**
 * The subscribers of this JVM's broker by topic: a message that arrived for broadcast goes to each broadcast
 * subscriber of its topic here, one for a queue group goes to one local member of that group (round robin).
 */
final class LocalSubscribers {

    record Member(@Nullable String queue, FluxSink<Message> sink) {}

    private final Map<String, List<Member>> topics = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    Member add(String topic, @Nullable String queue, FluxSink<Message> sink) {
        Member m = new Member(queue, sink);
        topics.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(m);
        return m;
    }

    void remove(String topic, Member member) {
        topics.computeIfPresent(topic, (t, list) -> {
            list.remove(member);
            return list.isEmpty() ? null : list;
        });
    }

    /** Hands {@code message} on; false when no local subscriber of that topic and group is left. */
    boolean deliver(String topic, @Nullable String queue, Message message) {
        List<Member> members = topics.get(topic);
        if (members == null) {
            return false;
        }
        if (queue == null) {
            boolean any = false;
            for (Member m : members) {
                if (m.queue() == null) {
                    m.sink().next(message);
                    any = true;
                }
            }
            return any;
        }
        List<Member> group =
                members.stream().filter(m -> Objects.equals(queue, m.queue())).toList();
        if (group.isEmpty()) {
            return false;
        }
        group.get((turn.getAndIncrement() & Integer.MAX_VALUE) % group.size())
                .sink()
                .next(message);
        return true;
    }
}
