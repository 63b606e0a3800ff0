package io.reactivemicro.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.reactivemicro.MicroException;
import io.reactivemicro.sync.Leadership;
import io.reactivemicro.sync.Lock;
import io.reactivemicro.sync.LockOptions;
import io.reactivemicro.sync.Sync;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Locks and leader election on one Redis server. A lock is the key {@code micro:lock:<id>} set with {@code SET
 * NX PX <ttl>} to a random token; a waiting locker tries again every {@value #POLL_MILLIS} ms; unlocking deletes
 * the key only if it still holds this holder's token (a Lua script), so a holder whose TTL ran out never frees
 * someone else's lock. A leader holds {@code micro:leader:<id>} the same way and renews it every third of its
 * TTL while subscribed; candidates try to take it at that same pace.
 *
 * <p>Limits, honestly: this is the single-instance algorithm, not Redlock. If Redis fails over to a replica that
 * had not yet received the lock key, two holders can both believe they hold it. A holder paused (GC, swap) past
 * its TTL keeps running while another holder takes the lock; there are no fencing tokens. Use etcd where those
 * matter.
 */
final class RedisSync implements Sync {

    static final long POLL_MILLIS = 50;

    private static final String RELEASE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final String RENEW =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    /** Tokens are this process's random id and a counter: unique, and made without reading entropy per call. */
    private static final String PROCESS = UUID.randomUUID().toString();

    private static final AtomicLong TOKENS = new AtomicLong();

    private final RedisConnection redis;

    RedisSync(RedisConnection redis) {
        this.redis = redis;
    }

    static RedisSync connect(String address) {
        return new RedisSync(new RedisConnection(address, "sync.redis"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Lock> lock(String id, LockOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            MicroException bad = Sync.badId(redis.id, id);
            if (bad != null) {
                return Mono.error(bad);
            }
            byte[] key = bytes("micro:lock:" + id);
            byte[] token = bytes(PROCESS + ":" + TOKENS.incrementAndGet());
            long deadline = System.nanoTime() + options.waitTimeout().toNanos();
            return attempt(id, key, token, options, deadline);
        });
    }

    private Mono<Lock> attempt(String id, byte[] key, byte[] token, LockOptions options, long deadline) {
        return take(key, token, options.ttl()).onErrorMap(redis::map).flatMap(taken -> {
            if (taken) {
                return Mono.<Lock>just(new RedisLock(id, key, token));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Mono.error(MicroException.timeout(
                        redis.id, "lock '%s' not acquired within %s", id, options.waitTimeout()));
            }
            return Mono.delay(Duration.ofNanos(
                            Math.min(Duration.ofMillis(POLL_MILLIS).toNanos(), left)))
                    .then(Mono.defer(() -> attempt(id, key, token, options, deadline)));
        });
    }

    /** SET NX PX; true when this token now holds the key. */
    private Mono<Boolean> take(byte[] key, byte[] token, Duration ttl) {
        return redis.commands()
                .flatMap(c -> c.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())))
                .map("OK"::equals)
                .defaultIfEmpty(false);
    }

    private Mono<Boolean> release(byte[] key, byte[] token) {
        return redis.commands()
                .flatMap(c -> c.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new byte[][] {key}, token)
                        .next())
                .map(n -> n == 1L)
                .onErrorMap(redis::map);
    }

    private Mono<Boolean> renew(byte[] key, byte[] token, Duration ttl) {
        return redis.commands()
                .flatMap(c -> c.<Long>eval(
                                RENEW,
                                ScriptOutputType.INTEGER,
                                new byte[][] {key},
                                token,
                                bytes(Long.toString(ttl.toMillis())))
                        .next())
                .map(n -> n == 1L)
                .onErrorMap(redis::map);
    }

    @Override
    public Flux<Leadership> leader(String id, Duration ttl) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ttl, "ttl");
        return Flux.defer(() -> {
            MicroException bad = Sync.badId(redis.id, id);
            if (bad != null) {
                return Flux.error(bad);
            }
            byte[] key = bytes("micro:leader:" + id);
            byte[] token = bytes(PROCESS + ":" + TOKENS.incrementAndGet());
            AtomicBoolean leading = new AtomicBoolean();
            Duration step =
                    ttl.dividedBy(3).compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10) : ttl.dividedBy(3);
            // Campaign now and every step: the leader renews its key, a candidate tries to take it. A step that
            // fails to reach Redis counts as not leading; once that lasts a whole TTL the flux fails with 503.
            long[] lastContact = {System.nanoTime()};
            return Flux.interval(Duration.ZERO, step, Schedulers.parallel())
                    .onBackpressureDrop()
                    .concatMap(
                            tick -> (leading.get() ? renew(key, token, ttl) : take(key, token, ttl))
                                    .doOnNext(ok -> lastContact[0] = System.nanoTime())
                                    .onErrorResume(e -> {
                                        if (System.nanoTime() - lastContact[0] > ttl.toNanos()) {
                                            return Mono.error(redis.map(e));
                                        }
                                        return Mono.just(false);
                                    }),
                            1)
                    .<Leadership>handle((ok, sink) -> {
                        if (ok && leading.compareAndSet(false, true)) {
                            sink.next(new Leadership(id, Leadership.State.ELECTED));
                        } else if (!ok && leading.compareAndSet(true, false)) {
                            sink.next(new Leadership(id, Leadership.State.LOST));
                        }
                    })
                    .onBackpressureLatest()
                    .doFinally(signal -> {
                        // Resign: compare-and-delete by token, so this is safe even if the key is not ours (a take
                        // still in flight when cancelled may have just won it).
                        leading.set(false);
                        release(key, token).subscribe(r -> {}, e -> {});
                    });
        });
    }

    @Override
    public Mono<Void> close() {
        return redis.close();
    }

    @Override
    public String describe() {
        return "redis " + redis.address;
    }

    private final class RedisLock implements Lock {
        private final String id;
        private final byte[] key;
        private final byte[] token;

        RedisLock(String id, byte[] key, byte[] token) {
            this.id = id;
            this.key = key;
            this.token = token;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Mono<Void> unlock() {
            return release(key, token)
                    .flatMap(released -> released
                            ? Mono.<Void>empty()
                            : Mono.error(MicroException.conflict(
                                    redis.id, "lock '%s' is no longer held (its TTL ran out)", id)));
        }

        @Override
        public String toString() {
            return "RedisLock{" + id + "}";
        }
    }
}
