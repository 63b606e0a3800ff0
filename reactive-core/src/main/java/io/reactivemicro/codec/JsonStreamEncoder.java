package io.reactivemicro.codec;

import java.io.OutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/**
 * One stream's JSON encoder: one {@link SequenceWriter} (its generator and buffers) writes every value of the
 * stream into one growing array, and each value's bytes are copied out after it. {@code writeValueAsBytes}
 * made a generator, its context and an output builder per value: this path costs about half the time and a
 * quarter of the bytes per value ({@code CodecBenchmark} on the benchmark message: 100 against 159 ns, 144
 * against 552 B).
 * A value that fails leaves the generator mid-value, so the writer is dropped and the next value starts a new one.
 */
final class JsonStreamEncoder implements Codec.StreamEncoder {

    /** The output array kept between values; one grown past this for a large value is let go after it. */
    static final int MAX_KEPT_BUFFER = 64 * 1024;

    private final ObjectWriter writer;
    private final Output out = new Output();
    private @Nullable SequenceWriter sequence;

    JsonStreamEncoder(ObjectWriter writer) {
        // values follow one another with nothing between them: each is taken out alone
        this.writer = writer.withRootValueSeparator((String) null);
    }

    @Override
    public byte[] encode(Object value) {
        try {
            SequenceWriter s = sequence;
            if (s == null) {
                s = writer.writeValues(out);
                sequence = s;
            }
            s.write(value);
            s.flush();
            return out.take();
        } catch (JacksonException e) {
            close();
            throw JsonCodec.writeFailed(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Returns the generator's buffers to Jackson's pool; the next value, if any, starts a new writer. */
    @Override
    public void close() {
        SequenceWriter s = sequence;
        sequence = null;
        if (s != null) {
            try {
                s.close();
            } catch (JacksonException | IllegalStateException e) {
                // closing a writer left mid-value may fail to end it; what it wrote is discarded below
            }
        }
        out.reset();
    }

    /** An unsynchronized byte array output: the encoder is used from one thread at a time. */
    private static final class Output extends OutputStream {
        private byte[] bytes = new byte[256];
        private int count;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (bytes.length - count < more) {
                bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
            }
        }

        byte[] take() {
            byte[] value = Arrays.copyOf(bytes, count);
            reset();
            return value;
        }

        void reset() {
            count = 0;
            if (bytes.length > MAX_KEPT_BUFFER) {
                bytes = new byte[256];
            }
        }
    }
}
