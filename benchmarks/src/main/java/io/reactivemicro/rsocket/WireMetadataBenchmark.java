package io.reactivemicro.rsocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.reactivemicro.Metadata;
import io.reactivemicro.transport.Request;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request metadata every call carries (routing with endpoint and service, the headers the client always
 * sends), encoded as the client does and decoded as the server does. In {@code WireMetadata}'s package because
 * that class is package-private; this class ships only in the benchmarks jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireMetadataBenchmark {

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
