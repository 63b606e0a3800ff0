package io.reactivemicro.store.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * How one record sits in an MVStore map value: a format byte ({@value #FORMAT}), the absolute expiry in epoch
 * millis on the store's clock (0: never), the metadata as count and UTF pairs, then the value bytes.
 */
record Envelope(byte[] value, Map<String, String> metadata, long expiresAtMillis) {

    static final byte FORMAT = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(expiresAtMillis);
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Envelope decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown record format " + format);
            }
            long expiresAt = in.readLong();
            int n = in.readInt();
            Map<String, String> metadata = new HashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) {
                metadata.put(in.readUTF(), in.readUTF());
            }
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            return new Envelope(value, metadata, expiresAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean liveAt(long nowMillis) {
        return expiresAtMillis == 0 || expiresAtMillis > nowMillis;
    }
}
