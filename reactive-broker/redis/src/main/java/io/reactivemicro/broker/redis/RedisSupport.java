package io.reactivemicro.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.reactivemicro.Metadata;
import io.reactivemicro.MicroException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Addresses, the client, the codec and the message envelope shared by the Redis plugins. */
final class RedisSupport {

    /** The address used when none is given. */
    static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** String keys and channel names, byte values. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final int MAGIC = 0x524d3031; // "RM01"

    private RedisSupport() {}

    /** {@code redis://host:port[/db]} (or {@code rediss://}); a bare {@code host:port} gets {@code redis://}. */
    static RedisURI uri(String address) {
        String a = address == null || address.isBlank() ? DEFAULT_ADDRESS : address.trim();
        RedisURI uri = RedisURI.create(a.contains("://") ? a : "redis://" + a);
        uri.setTimeout(Duration.ofSeconds(10));
        return uri;
    }

    static RedisClient client(RedisURI uri) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .socketOptions(io.lettuce.core.SocketOptions.builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .build())
                .build());
        return client;
    }

    static Throwable unavailable(String id, RedisURI uri, Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        return MicroException.unavailable(id, "Redis at %s:%d: %s", uri.getHost(), uri.getPort(), e.toString());
    }

    /** The pub/sub envelope: magic, header count, (name, value) pairs as UTF-8 with lengths, then the body. */
    static byte[] encode(Metadata headers, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            Map<String, String> map = headers.asMap();
            out.writeInt(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@link #encode} reversed; a payload without the envelope (published by a foreign client) is all body. */
    static io.reactivemicro.broker.Message decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (payload.length < 8 || in.readInt() != MAGIC) {
                return io.reactivemicro.broker.Message.of(Metadata.empty(), payload);
            }
            int n = in.readInt();
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(readString(in), readString(in));
            }
            return io.reactivemicro.broker.Message.of(Metadata.of(map), in.readAllBytes());
        } catch (IOException e) {
            return io.reactivemicro.broker.Message.of(Metadata.empty(), payload);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
