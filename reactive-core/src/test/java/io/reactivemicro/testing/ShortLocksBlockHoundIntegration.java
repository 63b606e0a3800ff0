package io.reactivemicro.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Short, bounded critical sections that BlockHound would report as blocking when contended; none is I/O.
 *
 * <ul>
 *   <li>Netty 4.2's default allocator ({@code AdaptivePoolingAllocator}) takes a {@code StampedLock} when it
 *       grows or frees a magazine, from whatever thread allocates. Without this allowance a CANCEL frame encoded
 *       on a timer thread (a deadline firing) fails the cancel path, and Reactor's timeout operator loses its
 *       error.
 *   <li>A timer cancelled on an event loop (RSocket's keep-alive when a connection closes, a call's deadline)
 *       removes its task from the {@code ScheduledThreadPoolExecutor}'s queue under the queue's lock. An error
 *       thrown there, inside the executor's locking code, can leave the lock held and hang the JVM.
 *   <li>Jackson builds a deserializer the first time it meets a type, under its cache's lock: two event loops
 *       decoding the same type for the first time at once contend for it (without this allowance the
 *       rsocket broker lost a message whose headers were decoded in that moment).
 *   <li>Caffeine caches read on event loops (the registry cache, the gateway's routes) run their maintenance
 *       on the reading thread, under the cache's eviction lock: a drain of a few dozen buffered reads.
 *   <li>Lettuce (the Redis plugins) counts a connection's writers under a {@code ReentrantLock} that the
 *       caller's thread and the event loop both take for a few instructions. An error thrown while the event
 *       loop waits for it in {@code incrementWriters} still runs the matching decrement (a {@code finally}):
 *       the count goes negative and every later write on that connection spins forever.
 * </ul>
 */
public final class ShortLocksBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                .allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "remove")
                .allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "offer")
                .allowBlockingCallsInside(
                        "tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                .allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "performCleanUp")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
                .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
    }
}
