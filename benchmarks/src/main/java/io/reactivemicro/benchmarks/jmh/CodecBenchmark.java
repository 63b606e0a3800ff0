package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.benchmarks.Msg;
import io.reactivemicro.benchmarks.Payloads;
import io.reactivemicro.codec.Codec;
import org.openjdk.jmh.annotations.Benchmark;

/** The JSON codec on the 100-byte benchmark message, as the client and server run it once per message. */
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
}
