package io.reactivemicro.sync;

import reactor.core.publisher.Mono;

/** A held lock, from {@link Sync#lock(String, LockOptions)}. */
public interface Lock {

    /** The lock's name. */
    String id();

    /**
     * Releases the lock if this holder still has it. Lazy; completes when released. Fails with 409 when the lock
     * is no longer this holder's (its TTL ran out, and perhaps another holder took it): whatever the holder did
     * under it may have overlapped with someone else. Unlocking twice fails the second time with 409; 503 when
     * the backend cannot be reached (the lock then lapses after its TTL).
     */
    Mono<Void> unlock();
}
