package io.reactivemicro.benchmarks;

import io.reactivemicro.codec.Codec;
import java.nio.charset.StandardCharsets;

/**
 * The one payload of every workload: a JSON object of exactly {@value #SIZE} bytes. Reactive Micro sends it as a
 * {@link Msg} through its JSON codec; raw RSocket, gRPC and jnats send these very bytes.
 */
public final class Payloads {

    /** Bytes per message on the wire (the body, without transport framing). */
    public static final int SIZE = 100;

    public static final Msg MESSAGE = sized();

    /** {@link #MESSAGE} as the JSON codec writes it. */
    public static final byte[] MESSAGE_BYTES = Codec.json().encoder(Msg.class).encode(MESSAGE);

    private Payloads() {}

    private static Msg sized() {
        Msg empty = new Msg(1_234_567L, "bench", "");
        int overhead = Codec.json().encoder(Msg.class).encode(empty).length;
        return new Msg(1_234_567L, "bench", "x".repeat(SIZE - overhead));
    }

    /** The request of a raw stream of {@code count} messages: the count in ASCII decimal. */
    static byte[] countBytes(int count) {
        return Integer.toString(count).getBytes(StandardCharsets.US_ASCII);
    }

    static int parseCount(byte[] bytes) {
        return Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII));
    }
}
