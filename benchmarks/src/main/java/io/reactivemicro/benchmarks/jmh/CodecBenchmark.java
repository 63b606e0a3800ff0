package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.benchmarks.Msg;
import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.codec.Codec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The JSON codec on the 100-byte benchmark message, as the client and server run it once per message. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private final Codec.Encoder encoder = Codec.json().encoder(Msg.class);
    private final Codec.Decoder decoder = Codec.json().decoder(Msg.class);

    @Benchmark
    public byte[] encode() {
        return encoder.encode(Payloads.MESSAGE);
    }

    @Benchmark
    public Object decode() {
        return decoder.decode(Payloads.MESSAGE_BYTES);
    }
}
