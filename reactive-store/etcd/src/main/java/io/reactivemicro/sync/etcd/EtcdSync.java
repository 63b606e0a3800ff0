package io.reactivemicro.sync.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.reactivemicro.MicroException;
import io.reactivemicro.sync.Leadership;
import io.reactivemicro.sync.Lock;
import io.reactivemicro.sync.LockOptions;
import io.reactivemicro.sync.Sync;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Locks and elections on etcd's own concurrency APIs (the v3lock and v3election services), each bound to a
 * lease. A lock is etcd's {@code Lock(name, lease)} on a lease of the lock's TTL that is <em>not</em> kept
 * alive, so an unlocked lock lapses after its TTL, as the {@link Sync} contract says; waiting is etcd's own
 * queue (fair, first come first served), bounded by the wait timeout, after which the lease is revoked and the
 * queued request withdrawn. A candidate campaigns with {@code Campaign(name, lease, proposal)} on a lease it
 * keeps alive while subscribed; if its process dies the lease expires after the TTL and the next candidate in
 * line is elected. TTLs are whole seconds (rounded up) and etcd may raise a short one to its minimum.
 */
final class EtcdSync implements Sync {

    private static final Logger log = LoggerFactory.getLogger(EtcdSync.class);

    static final String DEFAULT_ADDRESS = "http://127.0.0.1:2379";
    /** How long a lock with a zero wait timeout gets to be granted when nobody holds it. */
    static final Duration TRY_ONCE = Duration.ofMillis(500);
    /** How long one etcd call other than the lock wait itself may take before failing with 503. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Pause before a candidate that lost its lease campaigns again. */
    static final Duration RECAMPAIGN_DELAY = Duration.ofMillis(500);

    private static final String ID = "sync.etcd";
    private static final String PROCESS = UUID.randomUUID().toString();
    private static final AtomicLong PROPOSALS = new AtomicLong();

    private final Client client;
    private final String address;

    private EtcdSync(Client client, String address) {
        this.client = client;
        this.address = address;
    }

    static EtcdSync connect(String address) {
        String endpoints = address.isBlank() ? DEFAULT_ADDRESS : address;
        String[] list = Arrays.stream(endpoints.split(","))
                .map(String::trim)
                .map(e -> e.contains("://") ? e : "http://" + e)
                .toArray(String[]::new);
        Client client = Client.builder()
                .endpoints(list)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new EtcdSync(client, String.join(",", list));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static long seconds(Duration ttl) {
        return Math.max(1, (ttl.toMillis() + 999) / 1000);
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
            Duration wait = options.waitTimeout().isZero() ? TRY_ONCE : options.waitTimeout();
            ByteSequence name = bytes("micro/lock/" + id);
            return call(Mono.fromFuture(() -> client.getLeaseClient().grant(seconds(options.ttl()))))
                    .flatMap(grant -> {
                        long lease = grant.getID();
                        return Mono.fromFuture(() -> client.getLockClient().lock(name, lease))
                                .timeout(wait, Schedulers.parallel())
                                .<Lock>map(r -> new EtcdLock(id, r.getKey(), lease))
                                .onErrorResume(e -> revoke(lease)
                                        .then(Mono.error(
                                                e instanceof TimeoutException
                                                        ? MicroException.timeout(
                                                                ID,
                                                                "lock '%s' not acquired within %s",
                                                                id,
                                                                options.waitTimeout())
                                                        : map(e))))
                                .doOnCancel(() -> revoke(lease).subscribe());
                    });
        });
    }

    /** {@code call} bounded by {@link #CALL_TIMEOUT}, its failures as {@link MicroException}s. */
    private <T> Mono<T> call(Mono<T> call) {
        return call.timeout(CALL_TIMEOUT, Schedulers.parallel())
                .onErrorMap(e -> e instanceof TimeoutException
                        ? MicroException.unavailable(ID, "etcd %s did not answer within %s", address, CALL_TIMEOUT)
                        : map(e));
    }

    private Mono<Void> revoke(long lease) {
        return call(Mono.fromFuture(() -> client.getLeaseClient().revoke(lease)))
                .then()
                .onErrorResume(e -> {
                    log.debug("etcd: revoking lease {} failed: {}", lease, e.toString());
                    return Mono.empty();
                });
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
                        Campaign c = new Campaign(id, seconds(ttl), sink);
                        sink.onDispose(c::dispose);
                        c.start();
                    },
                    FluxSink.OverflowStrategy.LATEST);
        });
    }

    /** One candidate: grant a lease, keep it alive, campaign; when the lease is lost, say so and start over. */
    private final class Campaign {
        private final String id;
        private final ByteSequence name;
        private final long ttlSeconds;
        private final FluxSink<Leadership> sink;
        private long lease;
        private @Nullable CloseableClient keepAlive;
        private @Nullable CompletableFuture<?> pending;
        private @Nullable LeaderKey leader;
        private boolean disposed;
        private long lastContact = System.nanoTime();
        private @Nullable Disposable retry;

        Campaign(String id, long ttlSeconds, FluxSink<Leadership> sink) {
            this.id = id;
            this.name = bytes("micro/leader/" + id);
            this.ttlSeconds = ttlSeconds;
            this.sink = sink;
        }

        synchronized void start() {
            if (disposed) {
                return;
            }
            client.getLeaseClient()
                    .grant(ttlSeconds)
                    .orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((grant, error) -> {
                        if (error != null) {
                            unreachable(error);
                            return;
                        }
                        synchronized (this) {
                            lastContact = System.nanoTime();
                            long granted = grant.getID();
                            if (disposed) {
                                revoke(granted).subscribe();
                                return;
                            }
                            lease = granted;
                            keepAlive = client.getLeaseClient().keepAlive(granted, new KeepAlive(granted));
                            ByteSequence proposal = bytes(PROCESS + ":" + PROPOSALS.incrementAndGet());
                            CompletableFuture<io.etcd.jetcd.election.CampaignResponse> campaign =
                                    client.getElectionClient().campaign(name, granted, proposal);
                            pending = campaign;
                            campaign.whenComplete((response, failed) -> {
                                if (failed != null) {
                                    lost(granted);
                                    return;
                                }
                                synchronized (this) {
                                    if (disposed || lease != granted) {
                                        return;
                                    }
                                    leader = response.getLeader();
                                }
                                sink.next(new Leadership(id, Leadership.State.ELECTED));
                            });
                        }
                    });
        }

        private void unreachable(Throwable error) {
            synchronized (this) {
                if (disposed) {
                    return;
                }
                if (System.nanoTime() - lastContact > TimeUnit.SECONDS.toNanos(ttlSeconds)) {
                    sink.error(map(error));
                    return;
                }
                retry = Schedulers.parallel().schedule(this::start, RECAMPAIGN_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        /** The lease {@code granted} is gone (keep-alive failed, campaign failed): tell, clean up, start over. */
        void lost(long granted) {
            boolean wasLeader;
            synchronized (this) {
                if (disposed || lease != granted) {
                    return;
                }
                lease = 0;
                wasLeader = leader != null;
                leader = null;
                closeKeepAlive();
                retry = Schedulers.parallel().schedule(this::start, RECAMPAIGN_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
            revoke(granted).subscribe();
            if (wasLeader) {
                sink.next(new Leadership(id, Leadership.State.LOST));
            }
        }

        void dispose() {
            long held;
            synchronized (this) {
                disposed = true;
                held = lease;
                lease = 0;
                leader = null;
                closeKeepAlive();
                if (pending != null) {
                    pending.cancel(true);
                }
                if (retry != null) {
                    retry.dispose();
                }
            }
            // Revoking the lease deletes the candidate's key: leadership (or its place in line) goes at once.
            if (held != 0) {
                revoke(held).subscribe();
            }
        }

        private void closeKeepAlive() {
            if (keepAlive != null) {
                keepAlive.close();
                keepAlive = null;
            }
        }

        private final class KeepAlive implements StreamObserver<LeaseKeepAliveResponse> {
            private final long granted;

            KeepAlive(long granted) {
                this.granted = granted;
            }

            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                synchronized (Campaign.this) {
                    lastContact = System.nanoTime();
                }
                if (response.getTTL() <= 0) {
                    lost(granted);
                }
            }

            @Override
            public void onError(Throwable t) {
                log.debug("etcd: keep-alive of lease {} failed: {}", granted, t.toString());
                lost(granted);
            }

            @Override
            public void onCompleted() {
                lost(granted);
            }
        }
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromRunnable(client::close)
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    @Override
    public String describe() {
        return "etcd " + address;
    }

    /** 503 when etcd cannot be reached; 500 otherwise. */
    private Throwable map(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.grpc.StatusRuntimeException s
                    && (s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                            || s.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED)) {
                return MicroException.unavailable(ID, "etcd %s unreachable: %s", address, s.getMessage());
            }
            if (t instanceof java.net.ConnectException || t instanceof java.io.IOException) {
                return MicroException.unavailable(ID, "etcd %s unreachable: %s", address, t.getMessage());
            }
        }
        return MicroException.internal(ID, "etcd %s: %s", address, e.toString());
    }

    private final class EtcdLock implements Lock {
        private final String id;
        private final ByteSequence key;
        private final long lease;

        EtcdLock(String id, ByteSequence key, long lease) {
            this.id = id;
            this.key = key;
            this.lease = lease;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Mono<Void> unlock() {
            // The lock key lives as long as its lease: absent means the TTL ran out (or it was unlocked).
            return call(Mono.fromFuture(() -> client.getKVClient().get(key)))
                    .flatMap(found -> found.getKvs().isEmpty()
                            ? Mono.<Void>error(
                                    MicroException.conflict(ID, "lock '%s' is no longer held (its TTL ran out)", id))
                            : call(Mono.fromFuture(() -> client.getLockClient().unlock(key)))
                                    .then(revoke(lease)));
        }

        @Override
        public String toString() {
            return "EtcdLock{" + id + "}";
        }
    }
}
