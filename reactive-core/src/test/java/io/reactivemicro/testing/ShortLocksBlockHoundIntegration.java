package io.reactivemicro.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's default allocator ({@code AdaptivePoolingAllocator}) takes a short {@code StampedLock} when it
 * grows or frees a magazine, from whatever thread allocates: a bounded critical section, not blocking I/O, but
 * BlockHound sees the {@code park} under contention. Without this allowance a CANCEL frame encoded on a timer
 * thread (a deadline firing) fails the cancel path, and Reactor's timeout operator then loses its error.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }
}
