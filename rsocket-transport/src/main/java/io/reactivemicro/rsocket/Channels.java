package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/** Netty settings that every connection of this transport, client and server, shares. */
final class Channels {

    /**
     * The allocator of each connection's reads and of the direct copies its writes are made into. Netty 4.2's
     * default, the adaptive allocator, copies a frame into its direct buffer through {@code nioBuffer()}, and
     * an RSocket frame is a composite (RSocket's header, then our metadata and data): each write first merged
     * the parts into a fresh heap {@code ByteBuffer}, about 700 bytes per unary call on the client. The pooled
     * allocator's buffers copy each part in place.
     */
    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private Channels() {}
}
