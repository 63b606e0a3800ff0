package io.reactivemicro.events;

import io.reactivemicro.Metadata;
import io.reactivemicro.broker.Message;
import io.reactivemicro.broker.Topics;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * In-process event streams: per topic an append-only log of the last {@value #DEFAULT_RETENTION} events (older
 * ones are discarded, and a group that had not reached them skips them), per group a cursor, the events in
 * flight with their ack deadlines, and the members taking turns. Durable only for the life of the JVM. Ack
 * deadlines are checked every {@value #TICK_MILLIS} ms while some group has members or events in flight.
 */
final class MemoryEvents implements Events {

    static final MemoryEvents SHARED = new MemoryEvents();

    /** Events kept per topic. */
    static final int DEFAULT_RETENTION = 100_000;

    static final long TICK_MILLIS = 50;

    private static final Logger log = LoggerFactory.getLogger(MemoryEvents.class);

    private final int retention;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private @Nullable Disposable ticker; // guarded by this

    MemoryEvents() {
        this(DEFAULT_RETENTION);
    }

    MemoryEvents(int retention) {
        if (retention < 1) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: > 0)");
        }
        this.retention = retention;
    }

    @Override
    public Mono<Void> publish(String topic, Message message, PublishOptions options) {
        Topics.check("events", topic);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(options, "options");
        return Mono.fromRunnable(() -> {
            Instant ts = options.timestamp() != null ? options.timestamp() : Instant.now();
            Stream stream = stream(topic);
            synchronized (stream) {
                stream.append(new Stored(stream.nextSeq, ts, message.headers(), message.body()), retention);
            }
            stream.drain();
        });
    }

    @Override
    public Flux<Event> consume(String topic, ConsumeOptions options) {
        Topics.check("events", topic);
        Objects.requireNonNull(options, "options");
        return Flux.create(sink -> {
            Stream stream = stream(topic);
            Member member;
            synchronized (stream) {
                String name = options.group() != null
                        ? options.group()
                        : "private-"
                                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current()
                                        .nextLong());
                Group group = stream.groups.computeIfAbsent(
                        name, n -> new Group(n, options.group() == null, stream.startOf(options.offset())));
                member = new Member(sink, options, group);
                group.members.add(member);
            }
            startTicker(); // after joining, so that a tick finding nobody cannot stop the ticker under us
            sink.onRequest(n -> {
                synchronized (stream) {
                    member.demand = member.demand + n < 0 ? Long.MAX_VALUE : member.demand + n;
                }
                stream.drain();
            });
            sink.onDispose(() -> {
                synchronized (stream) {
                    Group group = member.group;
                    group.members.remove(member);
                    if (group.members.isEmpty() && group.ephemeral) {
                        stream.groups.remove(group.name);
                    }
                }
                stream.drain();
            });
        });
    }

    @Override
    public String describe() {
        return "memory";
    }

    private Stream stream(String topic) {
        return streams.computeIfAbsent(topic, Stream::new);
    }

    /** Runs {@link #tick()} while some group has members or events in flight; it stops itself otherwise. */
    private synchronized void startTicker() {
        if (ticker == null) {
            ticker = Schedulers.parallel()
                    .schedulePeriodically(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopTickerIfIdle() {
        for (Stream stream : streams.values()) {
            synchronized (stream) {
                for (Group group : stream.groups.values()) {
                    if (!group.members.isEmpty() || !group.pending.isEmpty()) {
                        return;
                    }
                }
            }
        }
        Disposable t = ticker;
        if (t != null) {
            t.dispose();
            ticker = null;
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (Stream stream : streams.values()) {
            boolean changed = false;
            synchronized (stream) {
                for (Group group : stream.groups.values()) {
                    Iterator<Pending> it = group.pending.values().iterator();
                    while (it.hasNext()) {
                        Pending p = it.next();
                        if (now - p.deadline >= 0) {
                            it.remove();
                            p.owner.inFlight--;
                            group.retry(p, stream.topic, "ack wait expired");
                            changed = true;
                        }
                    }
                }
            }
            if (changed) {
                stream.drain();
            }
        }
        stopTickerIfIdle();
    }

    private record Stored(long seq, Instant timestamp, Metadata metadata, byte[] payload) {}

    private static final class Pending {
        final long seq;
        final int attempts;
        final int retryLimit;
        final long deadline;
        final Member owner;

        Pending(long seq, int attempts, int retryLimit, long deadline, Member owner) {
            this.seq = seq;
            this.attempts = attempts;
            this.retryLimit = retryLimit;
            this.deadline = deadline;
            this.owner = owner;
        }
    }

    private static final class Member {
        final FluxSink<Event> sink;
        final ConsumeOptions options;
        final Queue<Event> outbox = new ConcurrentLinkedQueue<>();
        final AtomicInteger wip = new AtomicInteger();
        final Group group;
        long demand;
        int inFlight;

        Member(FluxSink<Event> sink, ConsumeOptions options, Group group) {
            this.sink = sink;
            this.options = options;
            this.group = group;
        }

        boolean ready() {
            return demand > 0 && inFlight < options.bufferSize() && !sink.isCancelled();
        }

        /** Hands queued events to the subscriber in order, one thread at a time, outside the stream's lock. */
        void flush() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                Event e;
                while ((e = outbox.poll()) != null) {
                    sink.next(e);
                }
            } while (wip.decrementAndGet() != 0);
        }
    }

    private static final class Group {
        final String name;
        final boolean ephemeral;
        final List<Member> members = new ArrayList<>();
        final Map<Long, Pending> pending = new HashMap<>();
        final ArrayDeque<Pending> redeliver = new ArrayDeque<>();
        long cursor;
        int turn;

        Group(String name, boolean ephemeral, long cursor) {
            this.name = name;
            this.ephemeral = ephemeral;
            this.cursor = cursor;
        }

        void retry(Pending p, String topic, String why) {
            if (p.attempts > p.retryLimit) {
                log.warn(
                        "events: giving up on {} #{} for group {} after {} deliveries ({})",
                        topic,
                        p.seq,
                        name,
                        p.attempts,
                        why);
                return;
            }
            redeliver.add(p);
        }

        @Nullable
        Member nextReady() {
            int n = members.size();
            for (int i = 0; i < n; i++) {
                Member m = members.get((turn + i) % n);
                if (m.ready()) {
                    turn = (turn + i + 1) % n;
                    return m;
                }
            }
            return null;
        }
    }

    private final class Stream {
        final String topic;
        /** The retained events, oldest first from {@code head}; compacted when half of it is discarded. */
        final ArrayList<Stored> log = new ArrayList<>();

        final Map<String, Group> groups = new HashMap<>();
        int head;
        long nextSeq = 1;

        Stream(String topic) {
            this.topic = topic;
        }

        void append(Stored stored, int retention) {
            log.add(stored);
            nextSeq++;
            if (log.size() - head > retention) {
                head++;
                if (head > 1024 && head > log.size() / 2) {
                    log.subList(0, head).clear();
                    head = 0;
                }
            }
        }

        long firstSeq() {
            return head < log.size() ? log.get(head).seq : nextSeq;
        }

        long startOf(@Nullable Instant offset) {
            if (offset == null) {
                return nextSeq;
            }
            for (int i = head; i < log.size(); i++) {
                Stored s = log.get(i);
                if (!s.timestamp.isBefore(offset)) {
                    return s.seq;
                }
            }
            return nextSeq;
        }

        @Nullable
        Stored get(long seq) {
            long first = firstSeq();
            if (seq < first || seq >= nextSeq) {
                return null;
            }
            return log.get(head + (int) (seq - first));
        }

        /** Assigns events to ready members under the lock, then delivers them outside it. */
        void drain() {
            List<Member> touched = new ArrayList<>();
            synchronized (this) {
                for (Group group : groups.values()) {
                    while (true) {
                        Member m = group.nextReady();
                        if (m == null) {
                            break;
                        }
                        Pending previous = group.redeliver.pollFirst();
                        long seq;
                        int attempts;
                        if (previous != null) {
                            seq = previous.seq;
                            attempts = previous.attempts + 1;
                        } else {
                            group.cursor = Math.max(group.cursor, firstSeq());
                            if (group.cursor >= nextSeq) {
                                break;
                            }
                            seq = group.cursor++;
                            attempts = 1;
                        }
                        Stored s = get(seq);
                        if (s == null) {
                            continue; // discarded by retention
                        }
                        m.demand--;
                        Event event;
                        if (m.options.autoAck()) {
                            event = event(s, attempts, NOOP);
                            event.ack().subscribe();
                        } else {
                            Pending p = new Pending(
                                    seq,
                                    attempts,
                                    m.options.retryLimit(),
                                    System.nanoTime() + m.options.ackWait().toNanos(),
                                    m);
                            group.pending.put(seq, p);
                            m.inFlight++;
                            event = event(s, attempts, new Settle(this, group, p));
                        }
                        m.outbox.add(event);
                        if (!touched.contains(m)) {
                            touched.add(m);
                        }
                    }
                }
            }
            touched.forEach(Member::flush);
        }

        private Event event(Stored s, int attempts, Event.Acknowledger acknowledger) {
            return Event.of(Long.toString(s.seq), topic, s.timestamp, s.metadata, s.payload, attempts, acknowledger);
        }
    }

    private static final Event.Acknowledger NOOP = new Event.Acknowledger() {
        @Override
        public Mono<Void> ack() {
            return Mono.empty();
        }

        @Override
        public Mono<Void> nack() {
            return Mono.empty();
        }
    };

    private record Settle(Stream stream, Group group, Pending pending) implements Event.Acknowledger {

        @Override
        public Mono<Void> ack() {
            return Mono.fromRunnable(() -> settle(false));
        }

        @Override
        public Mono<Void> nack() {
            return Mono.fromRunnable(() -> settle(true));
        }

        private void settle(boolean again) {
            synchronized (stream) {
                // Only the delivery that is still pending counts: after an ack-wait expiry it is someone else's.
                if (!group.pending.remove(pending.seq, pending)) {
                    return;
                }
                pending.owner.inFlight--;
                if (again) {
                    group.retry(pending, stream.topic, "nacked");
                }
            }
            stream.drain();
        }
    }
}
