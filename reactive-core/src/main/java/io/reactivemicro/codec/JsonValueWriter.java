package io.reactivemicro.codec;

import java.io.OutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/**
 * One JSON generator kept open over one growing array, writing one value at a time: each value's bytes are
 * copied out after it. {@code writeValueAsBytes} made a generator, its context and an output builder per
 * value ({@code CodecBenchmark} on the benchmark message: 144 against 552 B allocated). Used from one thread
 * at a time. A value that fails leaves the generator mid-value, so it is dropped and the next value starts a
 * new one.
 */
final class JsonValueWriter {

    /** The output array kept between values; one grown past this for a large value is let go after it. */
    static final int MAX_KEPT_BUFFER = 64 * 1024;

    /** Makes the generator; its values must follow one another with nothing between them. */
    private final ObjectWriter factory;

    private final Output out = new Output();
    private @Nullable JsonGenerator generator;
    /**
     * Writes values of the type last written over the generator: it keeps its serialization context and
     * serializer, which {@code ObjectWriter.writeValue(JsonGenerator, ...)} makes or looks up per value (224
     * against 144 B in {@code CodecBenchmark}). A value of another writer's type starts another one over the
     * same generator.
     */
    private @Nullable SequenceWriter sequence;

    private @Nullable ObjectWriter sequenceOf;
    /** Set while a value is written, for a thread's writer that a nested call on that thread must not share. */
    boolean busy;

    JsonValueWriter(ObjectWriter factory) {
        this.factory = factory;
    }

    /** {@code value} as {@code writer} writes it; throws {@link CodecException} if it cannot be written. */
    byte[] write(ObjectWriter writer, Object value) {
        try {
            JsonGenerator g = generator;
            if (g == null) {
                g = factory.createGenerator(out);
                generator = g;
            }
            SequenceWriter s = sequence;
            if (s == null || sequenceOf != writer) {
                s = writer.writeValues(g);
                sequence = s;
                sequenceOf = writer;
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

    /** Returns the generator's buffers to Jackson's pool; the next value, if any, starts a new generator. */
    void close() {
        JsonGenerator g = generator;
        generator = null;
        sequence = null;
        sequenceOf = null;
        if (g != null) {
            try {
                g.close();
            } catch (JacksonException | IllegalStateException e) {
                // closing a generator left mid-value may fail to end it; what it wrote is discarded below
            }
        }
        out.reset();
    }

    /** An unsynchronized byte array output: the writer is used from one thread at a time. */
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
