package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactivemicro.Metadata;
import io.reactivemicro.benchmarks.jmh.JmhDefaults;
import io.reactivemicro.transport.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The request metadata every call carries (routing with endpoint and service, the headers the client always
 * sends), encoded as the client does and decoded as the server does. In {@code WireMetadata}'s package because
 * that class is package-private; this class ships only in the benchmarks jar.
 */
public class WireMetadataBenchmark extends JmhDefaults {

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Request request = new Request(
            "BenchApi.unary",
            "bench",
            Metadata.empty()
                    .with(Metadata.FROM_SERVICE, "bench-client")
                    .with(Metadata.DEADLINE, Long.toString(System.currentTimeMillis() + 5_000)),
            null,
            null,
            new byte[0]);
    private ByteBuf encoded;

    @Setup
    public void encodeOnce() {
        encoded = WireMetadata.encode(alloc, request);
    }

    @TearDown
    public void release() {
        encoded.release();
    }

    @Benchmark
    public int encode() {
        ByteBuf metadata = WireMetadata.encode(alloc, request);
        int size = metadata.readableBytes();
        metadata.release();
        return size;
    }

    @Benchmark
    public Request decode() {
        return WireMetadata.decode("bench", encoded.duplicate(), request.data());
    }
}
