package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.benchmarks.Msg;
import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.codec.Codec;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The JSON codec on the 100-byte benchmark message: alone, as a unary call runs it, and in a stream, as a stream's
 * or channel's messages are.
 */
public class CodecBenchmark extends JmhDefaults {

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

    /** One value of a long stream: a stream's encoder keeps its generator from one value to the next. */
    private final Codec.StreamEncoder streamEncoder = encoder.forStream();

    private final Codec.StreamDecoder streamDecoder = decoder.forStream();

    @Benchmark
    public byte[] encodeInStream() {
        return streamEncoder.encode(Payloads.MESSAGE);
    }

    @Benchmark
    public Object decodeInStream() {
        return streamDecoder.decode(Payloads.MESSAGE_BYTES);
    }
}
