package io.reactivemicro.sync;

import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Locks and elections within one JVM. A lock is a token with an expiry on the scheduler's clock (so tests can
 * run it in virtual time); a waiting locker tries again every {@value #POLL_MILLIS} ms until its wait runs out.
 * An election is a queue of candidates: the first is the leader, and when it resigns (cancels) the next one is
 * told it is elected. Within one JVM no candidate can die without cancelling, so the leader's TTL is not used.
 */
final class MemorySync implements Sync {

    static final MemorySync SHARED = new MemorySync(Schedulers.parallel());

    static final long POLL_MILLIS = 10;

    private static final String ID = "sync.memory";

    private record Held(Object token, long expiresAtNanos) {}

    private final Scheduler clock;
    private final Map<String, Held> locks = new HashMap<>();
    private final Map<String, ArrayDeque<FluxSink<Leadership>>> elections = new HashMap<>();

    MemorySync(Scheduler clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Lock> lock(String id, LockOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            MicroException bad = Sync.badId(ID, id);
            if (bad != null) {
                return Mono.error(bad);
            }
            return attempt(id, options, now() + options.waitTimeout().toNanos());
        });
    }

    private Mono<Lock> attempt(String id, LockOptions options, long deadline) {
        return Mono.defer(() -> {
            Lock lock = tryAcquire(id, options.ttl());
            if (lock != null) {
                return Mono.just(lock);
            }
            long left = deadline - now();
            if (left <= 0) {
                return Mono.error(
                        MicroException.timeout(ID, "lock '%s' not acquired within %s", id, options.waitTimeout()));
            }
            return Mono.delay(Duration.ofNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS), left)), clock)
                    .then(attempt(id, options, deadline));
        });
    }

    private synchronized @Nullable Lock tryAcquire(String id, Duration ttl) {
        long now = now();
        Held held = locks.get(id);
        if (held != null && held.expiresAtNanos > now) {
            return null;
        }
        Object token = new Object();
        locks.put(id, new Held(token, now + ttl.toNanos()));
        return new MemoryLock(id, token);
    }

    private synchronized boolean release(String id, Object token) {
        Held held = locks.get(id);
        if (held == null || held.token != token || held.expiresAtNanos <= now()) {
            return false;
        }
        locks.remove(id);
        return true;
    }

    @Override
    public Flux<Leadership> leader(String id, Duration ttl) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ttl, "ttl");
        return Flux.defer(() -> {
            MicroException bad = Sync.badId(ID, id);
            if (bad != null) {
                return Flux.error(bad);
            }
            return Flux.<Leadership>create(
                    sink -> {
                        synchronized (this) {
                            ArrayDeque<FluxSink<Leadership>> queue =
                                    elections.computeIfAbsent(id, k -> new ArrayDeque<>());
                            queue.addLast(sink);
                            if (queue.size() == 1) {
                                sink.next(new Leadership(id, Leadership.State.ELECTED));
                            }
                        }
                        sink.onDispose(() -> resign(id, sink));
                    },
                    FluxSink.OverflowStrategy.LATEST);
        });
    }

    private synchronized void resign(String id, FluxSink<Leadership> sink) {
        ArrayDeque<FluxSink<Leadership>> queue = elections.get(id);
        if (queue == null) {
            return;
        }
        boolean wasLeader = queue.peekFirst() == sink;
        queue.remove(sink);
        if (queue.isEmpty()) {
            elections.remove(id);
        } else if (wasLeader) {
            queue.peekFirst().next(new Leadership(id, Leadership.State.ELECTED));
        }
    }

    @Override
    public String describe() {
        return "memory";
    }

    private long now() {
        return clock.now(TimeUnit.NANOSECONDS);
    }

    private final class MemoryLock implements Lock {
        private final String id;
        private final Object token;

        MemoryLock(String id, Object token) {
            this.id = id;
            this.token = token;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Mono<Void> unlock() {
            return Mono.defer(() -> release(id, token)
                    ? Mono.empty()
                    : Mono.error(MicroException.conflict(ID, "lock '%s' is no longer held (its TTL ran out)", id)));
        }

        @Override
        public String toString() {
            return "MemoryLock{" + id + "}";
        }
    }
}
