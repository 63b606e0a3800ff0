package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Flushes a client connection's writes once {@value #BYTES} bytes are pending, instead of only when the event
 * loop ends its current task.
 *
 * <p>Reactor Netty writes each RSocket frame as it is sent and flushes once, after the event loop's current
 * task. A caller that starts its next calls from the replies of the last ones (every closed-loop client, and
 * the benchmark's lanes) thus sends all of them in one write, after it has read every reply of the batch; the
 * server reads the whole batch, answers it, and flushes once too. The two sides take turns, each idle while
 * the other works through the batch: with 64 calls in flight, each event loop was busy half the time, and
 * throughput was one over the sum of both sides' CPU per call. Flushing every few kilobytes lets the server
 * start on the first calls of a batch while the client still sends the rest, so the two overlap (benchmarks:
 * unary at 64 in flight went from about 120,000 to about 200,000 calls a second; RESULTS.md, thirteenth
 * session).
 *
 * <p>Only the client's connections do this. A server's stream replies already overlap with the client's
 * reading, as demand flows back while they are sent; splitting its larger writes only adds system calls.
 * With {@value #BYTES} bytes, a flush carries 18 of the benchmark's requests (228 bytes each: 100 of data, 116 of
 * metadata, 12 of framing).
 */
final class EarlyFlush extends ChannelOutboundHandlerAdapter {

    /** Bytes written and not yet flushed after which this handler flushes. */
    static final int BYTES = 4096;

    /** The handler's name in the channel's pipeline. */
    static final String NAME = "micro-early-flush";

    private int pending;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf frame) {
            pending += frame.readableBytes();
        }
        ctx.write(msg, promise);
        if (pending >= BYTES) {
            flush(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        pending = 0;
        ctx.flush();
    }
}
