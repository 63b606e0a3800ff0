package io.reactivemicro.sync;

import io.reactivemicro.MicroException;
import io.reactivemicro.plugin.Plugins;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Locks and leader election across processes, after Go Micro's {@code sync.Sync}.
 *
 * <p>Every method is lazy: nothing happens until subscription, and each subscription does the work again.
 * Failures arrive only as {@code onError} with a {@link io.reactivemicro.MicroException}: <b>400</b> for an
 * empty or malformed id, <b>408</b> when a lock could not be had within its wait, <b>503</b> when the backend
 * cannot be reached. A {@code null} argument throws {@link NullPointerException} at the call.
 *
 * <p>Plugins are found by name through {@link SyncProvider} ({@code MICRO_SYNC=etcd}, see {@link
 * #fromConfig()}); {@link #memory()} coordinates within one JVM.
 */
public interface Sync {

    /** How long a leader's lease lives without renewal unless {@link #leader(String, Duration)} says: 10 s. */
    Duration DEFAULT_LEADER_TTL = Duration.ofSeconds(10);

    /**
     * Takes the lock {@code id}, waiting up to {@link LockOptions#waitTimeout()} while someone else holds it: emits the
     * {@link Lock} then completes; fails with 408 when the wait runs out. The lock lapses after {@link
     * LockOptions#ttl()} unless {@link Lock#unlock() unlocked} before (it is not renewed: work under a lock
     * must finish within its TTL). Cancelling while waiting stops waiting and takes nothing; cancelling after
     * the lock was taken but before it was emitted releases it.
     */
    Mono<Lock> lock(String id, LockOptions options);

    /** {@link #lock(String, LockOptions)} with {@link LockOptions#defaults()}. */
    default Mono<Lock> lock(String id) {
        return lock(id, LockOptions.defaults());
    }

    /** {@link #leader(String, Duration)} with {@link #DEFAULT_LEADER_TTL}. */
    default Flux<Leadership> leader(String id) {
        return leader(id, DEFAULT_LEADER_TTL);
    }

    /**
     * Campaigns to lead the election {@code id}: emits {@code ELECTED} when this candidate becomes the leader
     * and {@code LOST} when it stops being it (then campaigns again), for as long as it is subscribed; never
     * completes on its own. While leader, the candidate renews a lease of {@code ttl}; if its process dies, the
     * leadership moves to another candidate after at most {@code ttl}. Cancelling resigns: the leadership, if
     * held, is released at once. Emissions are state changes only, at most one outstanding (the latest state
     * is kept for a slow subscriber). Fails with 503 when the backend is lost for longer than {@code ttl}.
     */
    Flux<Leadership> leader(String id, Duration ttl);

    /** Releases connections and background tasks; locks still held lapse after their TTL. Lazy. */
    default Mono<Void> close() {
        return Mono.empty();
    }

    /** A name for logs and error messages, e.g. {@code "memory"} or {@code "etcd 127.0.0.1:2379"}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** A new in-process sync: locks and elections shared by everything in this JVM that holds it. */
    static Sync memory() {
        return new MemorySync(reactor.core.scheduler.Schedulers.parallel());
    }

    /** The sync plugin called {@code name} at {@code address} (empty: the plugin's default). */
    static Sync named(String name, String address) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        String artifact = name.equalsIgnoreCase("redis") ? "store-redis" : "sync-" + name;
        return Plugins.find(SyncProvider.class, SyncProvider::name, name, "MICRO_SYNC", artifact)
                .create(address);
    }

    /**
     * The sync named by {@code MICRO_SYNC} (system property {@code micro.sync}; by default {@code memory}) at
     * {@code MICRO_SYNC_ADDRESS} ({@code micro.sync.address}; by default the plugin's own).
     */
    static Sync fromConfig() {
        return named(Plugins.setting("MICRO_SYNC", "memory"), Plugins.setting("MICRO_SYNC_ADDRESS", ""));
    }

    /**
     * A 400 error naming what is wrong with {@code id}, or null when it is a valid lock or election name: 1 to
     * 256 characters, no control characters, no {@code /} at either end.
     */
    static @Nullable MicroException badId(String component, String id) {
        if (id.isEmpty() || id.length() > 256) {
            return MicroException.badRequest(
                    component, "lock or election id of %d characters (expected: 1 to 256)", id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return MicroException.badRequest(
                        component, "lock or election id holds control character U+%04X", (int) id.charAt(i));
            }
        }
        return null;
    }
}
