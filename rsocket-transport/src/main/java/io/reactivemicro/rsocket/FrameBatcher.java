package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Copies a TCP connection's small frames into one direct buffer per batch, and on a client flushes once
 * {@value #CLIENT_FLUSH_BYTES} bytes are pending.
 *
 * <p><b>Batching.</b> RSocket writes each frame as a composite of heap parts (its length and header, our
 * metadata, the data), which the epoll transport copies into a new direct buffer per frame before the
 * system call: an allocation, a copy and a release per message, most of the server's cost per message of a
 * stream (RSocket-Java pays it too). Here frames of up to {@value #SMALL_FRAME} bytes are copied into one
 * pooled direct buffer of up to {@value #BATCH_BYTES} bytes, which goes out whole, at the flush or when the
 * next frame does not fit. A batch starts at twice the size of the last one (at least {@value #MIN_BATCH}
 * bytes), so a connection with few frames per flush does not hold 8 KiB for each of them; a lone frame, and
 * a larger one, is copied alone into a direct buffer of its size. Batches and copies come from the pooled
 * allocator ({@link Channels#ALLOCATOR}), whose buffers copy a composite's parts in place. Each frame's
 * promise completes when its batch's write does: Reactor Netty asks RSocket for more frames as earlier
 * writes complete, so completing them sooner would let a connection queue without bound (a trial that did
 * ran a channel client out of direct memory; RESULTS.md).
 *
 * <p><b>Flushes while the channel is full.</b> Once a connection's unsent bytes pass Netty's high-water mark
 * (64 KiB), Reactor Netty flushes after every frame. The socket cannot take them then anyway, and a flush
 * would send each frame alone, so a flush sends only whole batches while the channel is not writable; the
 * part batch goes out when it is again (Netty signals that once the unsent bytes fall under 32 KiB, so the
 * socket still has work while it is filled).
 *
 * <p><b>Early flush, client only.</b> Reactor Netty flushes once, after the event loop's current task. A
 * caller that starts its next calls from the replies of the last ones (every closed-loop client, and the
 * benchmark's lanes) thus sends all of them in one write, after it has read every reply of the batch; the
 * server reads the whole batch, answers it, and flushes once too, the two sides taking turns, each idle while
 * the other works. Flushing every {@value #CLIENT_FLUSH_BYTES} bytes (18 of the benchmark's 228-byte
 * requests) lets the server start on the first calls while the client still sends the rest (unary at 64 in
 * flight went from about 120,000 to about 200,000 calls a second; RESULTS.md, thirteenth session). A
 * server's stream replies already overlap with the client's reading, as demand flows back while they are
 * sent; splitting its writes only added system calls.
 */
final class FrameBatcher extends ChannelDuplexHandler {

    /** The handler's name in the channel's pipeline. */
    static final String NAME = "micro-frame-batcher";

    /** Frames up to this many bytes are copied into a batch; a larger one is copied alone (see {@link #direct}). */
    static final int SMALL_FRAME = 1024;

    /** A batch's largest size. */
    static final int BATCH_BYTES = 8192;

    /** A batch's smallest size. */
    static final int MIN_BATCH = 1024;

    /** Bytes written and not yet flushed after which a client's connection flushes. */
    static final int CLIENT_FLUSH_BYTES = 4096;

    private final int flushBytes;

    /** The first frame since the last batch went out, kept as it is until a second one comes. */
    private @Nullable ByteBuf first;

    private @Nullable ChannelPromise firstPromise;
    private @Nullable Batch batch;
    private int lastBatchBytes;
    private int unflushed;

    private FrameBatcher(int flushBytes) {
        this.flushBytes = flushBytes;
    }

    /** A client connection's: batches, and flushes every {@value #CLIENT_FLUSH_BYTES} bytes. */
    static FrameBatcher client() {
        return new FrameBatcher(CLIENT_FLUSH_BYTES);
    }

    /** A server connection's: batches, and flushes only when Reactor Netty does. */
    static FrameBatcher server() {
        return new FrameBatcher(Integer.MAX_VALUE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf frame) {
            unflushed += frame.readableBytes();
            if (frame.readableBytes() <= SMALL_FRAME) {
                add(ctx, frame, promise);
            } else {
                emit(ctx);
                ctx.write(direct(frame), promise);
            }
        } else {
            emit(ctx);
            ctx.write(msg, promise);
        }
        if (unflushed >= flushBytes) {
            flush(ctx);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            emit(ctx);
            unflushed = 0;
        }
        ctx.flush();
    }

    /** Sends what {@link #flush} kept while the channel could take no more. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            flush(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Hands what is held to the channel, which fails and releases it as it closes. */
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        emit(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        emit(ctx);
    }

    private void add(ChannelHandlerContext ctx, ByteBuf frame, ChannelPromise promise) {
        Batch b = batch;
        if (b != null && b.buffer.writableBytes() < frame.readableBytes()) {
            emit(ctx);
            b = null;
        }
        if (b == null) {
            ByteBuf held = first;
            if (held == null) {
                first = frame;
                firstPromise = promise;
                return;
            }
            int size = held.readableBytes() + frame.readableBytes();
            int capacity = Math.min(BATCH_BYTES, Math.max(Math.max(MIN_BATCH, size), 2 * lastBatchBytes));
            b = new Batch(Channels.ALLOCATOR.directBuffer(capacity, capacity));
            batch = b;
            first = null;
            b.add(held, firstPromise);
            firstPromise = null;
        }
        b.add(frame, promise);
    }

    /** Writes the batch, or the lone frame, that is held. */
    private void emit(ChannelHandlerContext ctx) {
        Batch b = batch;
        if (b != null) {
            batch = null;
            lastBatchBytes = b.buffer.readableBytes();
            ctx.write(
                    b.buffer,
                    b.count == 0 ? ctx.voidPromise() : ctx.newPromise().addListener(b));
            return;
        }
        ByteBuf held = first;
        if (held != null) {
            ChannelPromise promise = firstPromise;
            first = null;
            firstPromise = null;
            lastBatchBytes = held.readableBytes();
            ctx.write(direct(held), promise);
        }
    }

    /**
     * {@code frame} itself if it is one direct buffer, else a copy in one from the pooled allocator, released
     * with {@code frame}: what the epoll transport would do with the pooled allocator, done here because the
     * connection's own allocator, the adaptive one, copies a composite through a merged heap buffer.
     */
    private static ByteBuf direct(ByteBuf frame) {
        if (frame.isDirect() && frame.nioBufferCount() == 1) {
            return frame;
        }
        int size = frame.readableBytes();
        try {
            return Channels.ALLOCATOR.directBuffer(size, size).writeBytes(frame);
        } finally {
            frame.release();
        }
    }

    /** A batch's buffer and the promises of the frames copied into it. */
    private static final class Batch implements ChannelFutureListener {
        final ByteBuf buffer;
        private ChannelPromise[] promises = new ChannelPromise[16];
        int count;

        Batch(ByteBuf buffer) {
            this.buffer = buffer;
        }

        void add(ByteBuf frame, @Nullable ChannelPromise promise) {
            try {
                buffer.writeBytes(frame);
            } catch (RuntimeException e) {
                if (promise != null) {
                    promise.tryFailure(e);
                }
                return;
            } finally {
                ReferenceCountUtil.safeRelease(frame);
            }
            if (promise != null && !promise.isVoid()) {
                if (count == promises.length) {
                    promises = Arrays.copyOf(promises, 2 * count);
                }
                promises[count++] = promise;
            }
        }

        @Override
        public void operationComplete(ChannelFuture written) {
            Throwable cause = written.cause();
            for (int i = 0; i < count; i++) {
                if (cause == null) {
                    promises[i].trySuccess();
                } else {
                    promises[i].tryFailure(cause);
                }
            }
        }
    }
}
