package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection's writes leave for the socket: {@link EmbeddedChannel} keeps a written message from its
 * outbound queue until a flush reaches it, and completes its promise then.
 */
class FrameBatcherTest {

    private EmbeddedChannel channel = new EmbeddedChannel(FrameBatcher.server());

    /** Releases whatever is still queued, in and out. */
    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void smallFramesLeaveAsOneDirectBufferAtTheFlushAndTheirPromisesCompleteWithItsWrite() {
        ByteBuf composite = Unpooled.compositeBuffer().addComponents(true, frame(3, 'a'), frame(5, 'b'));
        List<ByteBuf> written = List.of(frame(100, 'c'), composite, frame(200, 'd'));
        List<ChannelFuture> promises = new ArrayList<>();
        for (ByteBuf frame : written) {
            promises.add(channel.write(frame));
        }
        assertThat(promises).noneMatch(ChannelFuture::isDone);
        assertThat(written).as("copied and released").allMatch(frame -> frame.refCnt() == 0);

        channel.flush();

        assertThat(promises).allMatch(ChannelFuture::isSuccess);
        assertThat(channel.outboundMessages()).hasSize(1);
        ByteBuf batch = channel.readOutbound();
        assertThat(batch.isDirect()).isTrue();
        assertThat(text(batch)).isEqualTo("c".repeat(100) + "aaabbbbb" + "d".repeat(200));
        batch.release();
    }

    @Test
    void aLoneFrameGoesOutAloneAsADirectCopy() {
        ByteBuf frame = frame(100, 'a');
        channel.writeAndFlush(frame);
        ByteBuf out = channel.readOutbound();
        assertThat(out.isDirect()).isTrue();
        assertThat(text(out)).isEqualTo("a".repeat(100));
        assertThat(frame.refCnt()).isZero();
        out.release();
    }

    @Test
    void aFrameThatIsOneDirectBufferGoesOutAsItIs() {
        ByteBuf frame = Unpooled.directBuffer(2000).writeZero(2000);
        channel.writeAndFlush(frame);
        assertThat((ByteBuf) channel.readOutbound()).isSameAs(frame);
        frame.release();
    }

    @Test
    void aLargeFrameGoesOutAloneAfterTheFramesBeforeIt() {
        ByteBuf large = frame(FrameBatcher.SMALL_FRAME + 1, 'l');
        channel.write(frame(10, 'a'));
        channel.write(frame(10, 'b'));
        channel.write(large);
        channel.write(frame(10, 'c'));
        channel.flush();

        List<String> out = drain();
        assertThat(out).containsExactly("a".repeat(10) + "b".repeat(10), "l".repeat(1025), "c".repeat(10));
    }

    @Test
    void batchesGoOutWhenTheNextFrameDoesNotFitGrowingToTheirLargestSize() {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            char c = (char) ('A' + i);
            channel.write(frame(1000, c));
            expected.append(String.valueOf(c).repeat(1000));
        }
        channel.flush();

        List<String> out = drain();
        assertThat(out).extracting(String::length).containsExactly(2000, 4000, 8000, 8000, 8000);
        assertThat(String.join("", out)).isEqualTo(expected.toString());
    }

    @Test
    void aBatchStartsAtTwiceTheSizeOfTheLastOne() {
        channel.write(frame(700, 'a'));
        channel.write(frame(700, 'b'));
        channel.flush();
        assertThat(drain()).extracting(String::length).containsExactly(1400);

        for (int i = 0; i < 5; i++) {
            channel.write(frame(700, 'c'));
        }
        channel.flush();
        assertThat(drain())
                .as("a batch of 2 x 1400 bytes holds 4 frames of 700")
                .extracting(String::length)
                .containsExactly(2800, 700);
    }

    @Test
    void aClientFlushesOnceItsBytesReachTheLimitWithoutWaitingForTheFlush() {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(FrameBatcher.client());
        int frame = FrameBatcher.CLIENT_FLUSH_BYTES / 4;
        for (int i = 0; i < 3; i++) {
            channel.write(frame(frame, 'a'));
        }
        assertThat(channel.outboundMessages()).as("3/4 of the limit pending").isEmpty();

        channel.write(frame(frame, 'a'));
        assertThat(drain()).as("the limit reached").extracting(String::length).containsExactly(2048, 2048);

        channel.write(frame(frame, 'b'));
        assertThat(channel.outboundMessages()).as("the count starts again").isEmpty();
        channel.flush();
        assertThat(drain()).containsExactly("b".repeat(frame));
    }

    @Test
    void aServerFlushesOnlyWhenAskedTo() {
        for (int i = 0; i < 40; i++) {
            channel.write(frame(FrameBatcher.SMALL_FRAME, 'a'));
        }
        assertThat(channel.outboundMessages()).isEmpty();
        channel.flush();
        assertThat(drain()).extracting(String::length).containsExactly(2048, 4096, 8192, 8192, 8192, 8192, 2048);
    }

    @Test
    void whileTheChannelTakesNoMoreAFlushKeepsThePartBatchUntilItDoes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        buffer.setUserDefinedWritability(1, false);
        channel.runPendingTasks();
        assertThat(channel.isWritable()).isFalse();

        for (int i = 0; i < 10; i++) {
            channel.write(frame(FrameBatcher.SMALL_FRAME, 'a'));
            channel.flush();
        }
        assertThat(drain())
                .as("only whole batches go out while the channel is full")
                .extracting(String::length)
                .containsExactly(2048, 4096);

        buffer.setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertThat(drain())
                .as("the rest, once it is writable")
                .extracting(String::length)
                .containsExactly(4096);
    }

    @Test
    void whenABatchsWriteFailsEachOfItsFramesFails() {
        channel.finishAndReleaseAll();
        IOException broken = new IOException("broken pipe");
        channel = new EmbeddedChannel(
                new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        ReferenceCountUtil.release(msg);
                        promise.setFailure(broken);
                    }
                },
                FrameBatcher.server());
        ChannelFuture first = channel.write(frame(10, 'a'));
        ChannelFuture second = channel.write(frame(10, 'b'));
        channel.flush();

        assertThat(first.cause()).isSameAs(broken);
        assertThat(second.cause()).isSameAs(broken);
    }

    @Test
    void closingFailsAndReleasesWhatIsHeld() {
        ByteBuf lone = frame(10, 'a');
        ChannelFuture loneWrite = channel.write(lone);
        channel.close();
        assertThat(loneWrite.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(lone.refCnt()).isZero();

        channel = new EmbeddedChannel(FrameBatcher.server());
        ChannelFuture first = channel.write(frame(10, 'a'));
        ChannelFuture second = channel.write(frame(10, 'b'));
        channel.close();
        assertThat(first.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(second.cause()).isInstanceOf(ClosedChannelException.class);
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            out.add(text(b));
            b.release();
        }
        return out;
    }

    private static String text(ByteBuf b) {
        return new String(ByteBufUtil.getBytes(b), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ByteBuf frame(int bytes, char fill) {
        byte[] data = new byte[bytes];
        java.util.Arrays.fill(data, (byte) fill);
        return Unpooled.wrappedBuffer(data);
    }
}
