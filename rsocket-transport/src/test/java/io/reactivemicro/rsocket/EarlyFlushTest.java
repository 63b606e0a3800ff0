package io.reactivemicro.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a client connection's writes leave for the socket: {@link EmbeddedChannel} keeps a written message
 * from its outbound queue until a flush reaches it.
 */
class EarlyFlushTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new EarlyFlush());

    /** Releases whatever is still queued, in and out. */
    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void writesGoOutOnceTheirBytesReachTheLimitWithoutWaitingForTheFlush() {
        int frame = EarlyFlush.BYTES / 4;
        for (int i = 0; i < 3; i++) {
            channel.write(frame(frame));
        }
        assertThat(channel.outboundMessages()).as("3/4 of the limit pending").isEmpty();

        channel.write(frame(frame));
        assertThat(channel.outboundMessages()).as("the limit reached").hasSize(4);

        channel.write(frame(frame));
        assertThat(channel.outboundMessages()).as("the count starts again").hasSize(4);
        channel.flush();
        assertThat(channel.outboundMessages()).hasSize(5);
    }

    @Test
    void aFlushStartsTheCountAgain() {
        int frame = EarlyFlush.BYTES / 2;
        channel.write(frame(frame));
        channel.flush();
        channel.releaseOutbound();

        channel.write(frame(frame));
        assertThat(channel.outboundMessages())
                .as("half the limit since the flush")
                .isEmpty();
        channel.write(frame(frame));
        assertThat(channel.outboundMessages()).hasSize(2);
    }

    @Test
    void oneFrameOverTheLimitGoesOutAtOnce() {
        channel.write(frame(EarlyFlush.BYTES + 1));
        assertThat(channel.outboundMessages()).hasSize(1);
    }

    private static ByteBuf frame(int bytes) {
        return Unpooled.buffer(bytes).writeZero(bytes);
    }
}
