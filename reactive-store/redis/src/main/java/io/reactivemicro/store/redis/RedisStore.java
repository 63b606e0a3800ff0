package io.reactivemicro.store.redis;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.reactivemicro.MicroException;
import io.reactivemicro.store.Keys;
import io.reactivemicro.store.ListOptions;
import io.reactivemicro.store.ReadOptions;
import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis store: each record is one Redis string under {@code <database>:<table>:<key>}, holding a small
 * envelope (format byte, metadata, value bytes) and Redis's own expiry ({@code SET ... PX}), so expired records
 * vanish without any sweeping of ours. Listing walks {@code SCAN MATCH <scope>:<prefix>*} ({@value #SCAN_COUNT}
 * keys a step; never {@code KEYS}), then sorts: the matching keys are held in memory before the first is
 * emitted. Values up to Redis's 512 MB string limit are taken; this store caps them at {@value
 * #MAX_VALUE_BYTES} bytes.
 */
final class RedisStore implements Store {

    static final int SCAN_COUNT = 1000;
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;
    private static final byte FORMAT = 1;

    private final RedisConnection redis;
    private final String namespace;
    private final boolean owner;

    RedisStore(RedisConnection redis, String namespace, boolean owner) {
        this.redis = redis;
        this.namespace = namespace;
        this.owner = owner;
    }

    static RedisStore connect(String address) {
        return new RedisStore(
                new RedisConnection(address, "store.redis"), DEFAULT_DATABASE + ":" + DEFAULT_TABLE + ":", true);
    }

    private byte[] redisKey(String key) {
        return (namespace + key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Record> read(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
                    MicroException bad = Keys.badKey(redis.id, key);
                    if (bad != null) {
                        return Mono.error(bad);
                    }
                    byte[] k = redisKey(key);
                    return redis.commands()
                            .flatMap(c -> Mono.zip(c.get(k), c.pttl(k)))
                            .flatMap(t -> t.getT2() == -2
                                    ? Mono.<Record>empty()
                                    : Mono.just(decode(key, t.getT1(), t.getT2())));
                })
                .onErrorMap(redis::map);
    }

    @Override
    public Flux<Record> read(String key, ReadOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        if (!options.prefix() && !options.suffix()) {
            return read(key).flux();
        }
        ListOptions filter = new ListOptions(
                options.prefix() ? key : "", options.suffix() ? key : "", options.limit(), options.offset());
        return list(filter).concatMap(this::read, 16);
    }

    @Override
    public Mono<Void> write(Record record, WriteOptions options) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
                    MicroException bad = Keys.badKey(redis.id, record.key());
                    if (bad != null) {
                        return Mono.error(bad);
                    }
                    Record r = options.apply(record);
                    if (r.value().length > MAX_VALUE_BYTES) {
                        return Mono.error(MicroException.payloadTooLarge(
                                redis.id,
                                "value of %d bytes (expected: at most %d)",
                                r.value().length,
                                MAX_VALUE_BYTES));
                    }
                    SetArgs args = new SetArgs();
                    if (r.expires()) {
                        args.px(Math.max(1, r.expiry().toMillis()));
                    }
                    byte[] envelope = encode(r);
                    return redis.commands().flatMap(c -> c.set(redisKey(r.key()), envelope, args));
                })
                .onErrorMap(redis::map)
                .then();
    }

    @Override
    public Mono<Void> delete(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
                    MicroException bad = Keys.badKey(redis.id, key);
                    if (bad != null) {
                        return Mono.error(bad);
                    }
                    return redis.commands().flatMap(c -> c.unlink(redisKey(key)));
                })
                .onErrorMap(redis::map)
                .then();
    }

    @Override
    public Flux<String> list(ListOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.defer(() -> {
                    byte[] match = (glob(namespace + options.prefix()) + "*").getBytes(StandardCharsets.UTF_8);
                    ScanArgs args = ScanArgs.Builder.matches(match).limit(SCAN_COUNT);
                    return redis.commands()
                            .flatMapMany(c -> scan(c, ScanCursor.INITIAL, args))
                            .map(k -> new String(k, StandardCharsets.UTF_8).substring(namespace.length()))
                            .filter(options::matches)
                            .collectList()
                            .flatMapMany(keys -> {
                                Flux<String> sorted = Flux.fromStream(
                                                keys.stream().distinct().sorted())
                                        .skip(options.offset());
                                return options.limit() > 0 ? sorted.take(options.limit(), true) : sorted;
                            });
                })
                .onErrorMap(redis::map);
    }

    private static Flux<byte[]> scan(RedisReactiveCommands<byte[], byte[]> c, ScanCursor cursor, ScanArgs args) {
        return c.scan(cursor, args).flatMapMany(page -> {
            Flux<byte[]> keys = Flux.fromIterable(page.getKeys());
            return page.isFinished() ? keys : keys.concatWith(Flux.defer(() -> scan(c, page, args)));
        });
    }

    /** {@code s} with Redis glob specials escaped. */
    static String glob(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\' || ch == '^') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    @Override
    public Store scope(String database, String table) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        return new RedisStore(redis, Keys.name(database, "database") + ":" + Keys.name(table, "table") + ":", false);
    }

    @Override
    public Mono<Void> close() {
        return owner ? redis.close() : Mono.empty();
    }

    @Override
    public String describe() {
        return "redis " + redis.address + " " + namespace;
    }

    static byte[] encode(Record r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.value().length + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(r.metadata().size());
            for (Map.Entry<String, String> e : r.metadata().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.write(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Record decode(String key, byte[] data, long pttl) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw MicroException.internal(redis.id, "'%s' holds no record of this store (format %d)", key, format);
            }
            int n = in.readInt();
            Map<String, String> metadata = new HashMap<>();
            for (int i = 0; i < n; i++) {
                metadata.put(in.readUTF(), in.readUTF());
            }
            byte[] value = in.readAllBytes();
            return new Record(key, value, metadata, pttl > 0 ? Duration.ofMillis(pttl) : Duration.ZERO);
        } catch (IOException e) {
            throw MicroException.internal(redis.id, "'%s' holds no record of this store: %s", key, e.getMessage());
        }
    }
}
