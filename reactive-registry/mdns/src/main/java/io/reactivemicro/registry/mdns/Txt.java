package io.reactivemicro.registry.mdns;

import io.reactivemicro.registry.ServiceRecord;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * A record in DNS-SD TXT strings. The record's JSON is deflated, base64-encoded (jmdns does not carry arbitrary
 * bytes through TXT values intact) and cut into chunks {@code c0}, {@code c1}, … of at most {@value #CHUNK} bytes (a TXT string holds 255 bytes, key and {@code =} included), with {@code n} the number of
 * chunks and {@code v} the format version. A TXT whose chunks are not all there yet decodes to {@code null}: the
 * instance is not trusted until they are.
 */
final class Txt {

    static final int CHUNK = 240;

    /**
     * The largest encoded (deflated, base64) record: an mDNS message must fit one UDP datagram (9000 bytes at most, RFC 6762 §17) beside
     * the SRV, PTR and A records.
     */
    static final int MAX_BYTES = 6000;

    private static final int MAX_INFLATED = 1 << 20;

    private Txt() {}

    /** The TXT properties of {@code record}; null when it is too large for mDNS. */
    static @Nullable Map<String, byte[]> encode(ServiceRecord record) {
        byte[] packed = java.util.Base64.getEncoder().encode(deflate(Json.write(record)));
        if (packed.length > MAX_BYTES) {
            return null;
        }
        Map<String, byte[]> props = new LinkedHashMap<>();
        props.put("v", new byte[] {'1'});
        int n = (packed.length + CHUNK - 1) / CHUNK;
        props.put("n", Integer.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < n; i++) {
            props.put("c" + i, Arrays.copyOfRange(packed, i * CHUNK, Math.min(packed.length, (i + 1) * CHUNK)));
        }
        return props;
    }

    /** The record in these TXT properties, or null while they are incomplete or not ours. */
    static @Nullable ServiceRecord decode(java.util.function.Function<String, byte @Nullable []> property) {
        byte[] v = property.apply("v");
        byte[] nBytes = property.apply("n");
        if (v == null || v.length != 1 || v[0] != '1' || nBytes == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(new String(nBytes, java.nio.charset.StandardCharsets.US_ASCII));
            ByteArrayOutputStream packed = new ByteArrayOutputStream(n * CHUNK);
            for (int i = 0; i < n; i++) {
                byte[] c = property.apply("c" + i);
                if (c == null) {
                    return null;
                }
                packed.write(c, 0, c.length);
            }
            ServiceRecord rec =
                    Json.readRecord(inflate(java.util.Base64.getDecoder().decode(packed.toByteArray())));
            return rec.nodes().size() == 1 ? rec : null;
        } catch (RuntimeException | DataFormatException e) { // IllegalArgumentException for bad base64 too
            return null;
        }
    }

    private static byte[] deflate(byte[] in) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(in);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] in) throws DataFormatException {
        Inflater i = new Inflater();
        try {
            i.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 4);
            byte[] buf = new byte[4096];
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new DataFormatException("too large");
                }
            }
            return out.toByteArray();
        } finally {
            i.end();
        }
    }
}
