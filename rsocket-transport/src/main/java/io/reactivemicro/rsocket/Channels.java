package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/** Netty settings that every connection of this transport, client and server, shares. */
final class Channels {

    /**
     * The allocator of the direct buffers a TCP connection's frames are copied into ({@link FrameBatcher}), and
     * of a WebSocket connection's reads and writes. Netty 4.2's default, the adaptive allocator, copies a
     * frame into its direct buffer through {@code nioBuffer()}, and an RSocket frame is a composite (RSocket's
     * header, then our metadata and data): each write first merged the parts into a fresh heap {@code
     * ByteBuffer}, about 700 bytes per unary call on the client. The pooled allocator's buffers copy each part
     * in place. A TCP connection reads with the adaptive allocator: when Netty's leak detector samples one of
     * the pooled allocator's read buffers, it tracks every frame sliced from it as well, with two stack traces
     * each (28 % of a streaming client's allocation in the benchmark; RESULTS.md, fourteenth session), while
     * the adaptive allocator's slices share their buffer's one record.
     */
    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private Channels() {}
}
