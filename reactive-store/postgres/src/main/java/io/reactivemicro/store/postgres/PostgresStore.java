package io.reactivemicro.store.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import io.reactivemicro.MicroException;
import io.reactivemicro.store.Keys;
import io.reactivemicro.store.ListOptions;
import io.reactivemicro.store.ReadOptions;
import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.WriteOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PostgreSQL store. A scope {@code (database, table)} is the table {@code "database"."table"} (schema and
 * table created on first use) with columns {@code key text COLLATE "C" PRIMARY KEY}, {@code value bytea},
 * {@code metadata jsonb} and {@code expires_at timestamptz}: the primary key's B-tree serves exact reads and,
 * thanks to the {@code C} collation, prefix scans as a key range; expired rows are hidden by every query and
 * deleted by a purge every {@link #PURGE_INTERVAL} (a partial index on {@code expires_at} keeps that cheap).
 * Keys sort by code point (the {@code C} collation), which equals {@link String#compareTo} except between
 * supplementary characters and U+E000–U+FFFF.
 *
 * <p>Connections come from an r2dbc-pool of at most {@value #POOL_MAX} (acquire timeout {@link
 * #ACQUIRE_TIMEOUT}, then 503); streams fetch {@value #FETCH_SIZE} rows at a time.
 */
final class PostgresStore implements Store {

    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    static final String DEFAULT_ADDRESS = "r2dbc:postgresql://postgres@127.0.0.1:5432/postgres";
    static final int POOL_MAX = 10;
    static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
    static final int FETCH_SIZE = 256;
    static final int MAX_VALUE_BYTES = 64 * 1024 * 1024;
    /** The largest code point: {@code prefix || MAX} bounds every key that starts with {@code prefix}. */
    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    /** What a store and its scopes share: the pool, the tables known to exist, the purge task. */
    private static final class Shared {
        final String address;
        final ConnectionPool pool;
        final Map<String, Mono<Void>> tables = new ConcurrentHashMap<>();
        final Disposable purger;

        Shared(String address, ConnectionPool pool, Function<Shared, Disposable> purge) {
            this.address = address;
            this.pool = pool;
            this.purger = purge.apply(this);
        }
    }

    private static final String ID = "store.postgres";

    private final Shared shared;
    private final String database;
    private final String table;
    private final String qualified;
    private final boolean owner;

    private PostgresStore(Shared shared, String database, String table, boolean owner) {
        this.shared = shared;
        this.database = database;
        this.table = table;
        this.qualified = "\"" + database + "\".\"" + table + "\"";
        this.owner = owner;
    }

    static PostgresStore connect(String address) {
        String url = address.isBlank() ? DEFAULT_ADDRESS : address;
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            url = "r2dbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url)
                .mutate()
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT)
                .build();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .initialSize(0)
                .maxSize(POOL_MAX)
                .maxAcquireTime(ACQUIRE_TIMEOUT)
                .maxIdleTime(Duration.ofMinutes(5))
                .name("micro-store")
                .build());
        String shown = url.replaceAll(":[^:@/]*@", ":***@");
        Shared shared = new Shared(shown, pool, s -> Flux.interval(PURGE_INTERVAL, PURGE_INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> purge(s), 1)
                .subscribe());
        return new PostgresStore(shared, DEFAULT_DATABASE, DEFAULT_TABLE, true);
    }

    private static Mono<Long> purge(Shared s) {
        return Flux.fromIterable(s.tables.keySet())
                .concatMap(t -> Flux.usingWhen(
                                s.pool.create(),
                                c -> Flux.from(c.createStatement("DELETE FROM " + t + " WHERE expires_at <= now()")
                                                .execute())
                                        .flatMap(r -> r.getRowsUpdated()),
                                Connection::close)
                        .reduce(0L, Long::sum))
                .reduce(0L, Long::sum)
                .doOnNext(n -> {
                    if (n > 0) {
                        log.debug("postgres store: purged {} expired records", n);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("postgres store: purge failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    /** Creates the schema, table and expiry index once per process; a failure is retried on the next call. */
    private Mono<Void> ensureTable() {
        return shared.tables.computeIfAbsent(qualified, q -> Mono.defer(() -> Flux.usingWhen(
                                shared.pool.create(),
                                c -> Flux.concat(
                                        exec(c, "CREATE SCHEMA IF NOT EXISTS \"" + database + "\""),
                                        exec(
                                                c,
                                                "CREATE TABLE IF NOT EXISTS " + q
                                                        + " (key text COLLATE \"C\" PRIMARY KEY,"
                                                        + " value bytea NOT NULL,"
                                                        + " metadata jsonb NOT NULL DEFAULT '{}',"
                                                        + " expires_at timestamptz)"),
                                        exec(
                                                c,
                                                "CREATE INDEX IF NOT EXISTS \"" + table + "_expires_at\" ON " + q
                                                        + " (expires_at) WHERE expires_at IS NOT NULL")),
                                Connection::close)
                        .then()
                        // Two processes creating the same schema or table at once: one of them loses a race
                        // inside the catalog; the objects exist either way, so try once more.
                        .retryWhen(reactor.util.retry.Retry.max(2)
                                .filter(e -> e instanceof R2dbcDataIntegrityViolationException)))
                .cache(
                        v -> Duration.ofMillis(Long.MAX_VALUE),
                        e -> Duration.ZERO,
                        () -> Duration.ofMillis(Long.MAX_VALUE)));
    }

    private static Flux<Long> exec(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated());
    }

    /** Runs {@code work} on a pooled connection after making sure the table exists. */
    private <T> Flux<T> with(Function<Connection, Publisher<T>> work) {
        return ensureTable()
                .thenMany(Flux.usingWhen(shared.pool.create(), work, Connection::close))
                .onErrorMap(this::map);
    }

    @Override
    public Mono<Record> read(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            MicroException bad = Keys.badKey(ID, key);
            if (bad != null) {
                return Mono.error(bad);
            }
            return with(c -> Flux.from(c.createStatement(select() + qualified + " WHERE key = $1 AND " + live())
                                    .bind("$1", key)
                                    .execute())
                            .flatMap(r -> r.map(PostgresStore::toRecord)))
                    .next();
        });
    }

    private static String select() {
        return "SELECT key, value, metadata::text AS metadata,"
                + " CASE WHEN expires_at IS NULL THEN 0"
                + " ELSE GREATEST(1, (EXTRACT(EPOCH FROM (expires_at - now())) * 1000)::bigint) END AS ttl_ms FROM ";
    }

    private String live() {
        return "(expires_at IS NULL OR expires_at > now())";
    }

    private static Record toRecord(Readable row) {
        String key = Objects.requireNonNull(row.get("key", String.class));
        ByteBuffer value = Objects.requireNonNull(row.get("value", ByteBuffer.class));
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        String metadata = row.get("metadata", String.class);
        Long ttl = row.get("ttl_ms", Long.class);
        Map<String, String> meta =
                metadata == null || metadata.equals("{}") ? Map.of() : JSON.readValue(metadata, METADATA);
        return new Record(key, bytes, meta, ttl == null || ttl == 0 ? Duration.ZERO : Duration.ofMillis(ttl));
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
        return query(select() + qualified, filter, PostgresStore::toRecord);
    }

    @Override
    public Flux<String> list(ListOptions options) {
        Objects.requireNonNull(options, "options");
        return query(
                "SELECT key FROM " + qualified, options, row -> Objects.requireNonNull(row.get("key", String.class)));
    }

    /** {@code base} filtered by the options' prefix (an index range), suffix, live rows, ordered, paged. */
    private <T> Flux<T> query(String base, ListOptions options, Function<Readable, T> mapper) {
        return Flux.defer(() -> {
            StringBuilder sql = new StringBuilder(base).append(" WHERE ").append(live());
            int n = 0;
            if (!options.prefix().isEmpty()) {
                sql.append(" AND key >= $1 AND key < $2 AND starts_with(key, $1)");
                n = 2;
            }
            if (!options.suffix().isEmpty()) {
                n++;
                sql.append(" AND right(key, char_length($")
                        .append(n)
                        .append(")) = $")
                        .append(n);
            }
            sql.append(" ORDER BY key");
            if (options.limit() > 0) {
                sql.append(" LIMIT ").append(options.limit());
            }
            if (options.offset() > 0) {
                sql.append(" OFFSET ").append(options.offset());
            }
            return with(c -> {
                Statement s = c.createStatement(sql.toString());
                int i = 0;
                if (!options.prefix().isEmpty()) {
                    s.bind("$1", options.prefix()).bind("$2", options.prefix() + MAX);
                    i = 2;
                }
                if (!options.suffix().isEmpty()) {
                    s.bind("$" + (i + 1), options.suffix());
                }
                return Flux.from(s.fetchSize(FETCH_SIZE).execute()).flatMap(r -> r.map(mapper::apply));
            });
        });
    }

    @Override
    public Mono<Void> write(Record record, WriteOptions options) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            MicroException bad = Keys.badKey(ID, record.key());
            if (bad != null) {
                return Mono.error(bad);
            }
            Record r = options.apply(record);
            if (r.value().length > MAX_VALUE_BYTES) {
                return Mono.error(MicroException.payloadTooLarge(
                        ID, "value of %d bytes (expected: at most %d)", r.value().length, MAX_VALUE_BYTES));
            }
            String metadata = JSON.writeValueAsString(r.metadata());
            long ttl = r.expires() ? Math.max(1, r.expiry().toMillis()) : 0;
            return with(c -> Flux.from(c.createStatement("INSERT INTO " + qualified
                                            + " (key, value, metadata, expires_at) VALUES ($1, $2, $3::jsonb,"
                                            + " CASE WHEN $4::bigint > 0 THEN now() + $4::bigint * interval '1"
                                            + " millisecond' END)"
                                            + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                                            + " metadata = EXCLUDED.metadata, expires_at = EXCLUDED.expires_at")
                                    .bind("$1", r.key())
                                    .bind("$2", ByteBuffer.wrap(r.value()))
                                    .bind("$3", metadata)
                                    .bind("$4", ttl)
                                    .execute())
                            .flatMap(res -> res.getRowsUpdated()))
                    .then();
        });
    }

    @Override
    public Mono<Void> delete(String key) {
        Objects.requireNonNull(key, "key");
        return Mono.defer(() -> {
            MicroException bad = Keys.badKey(ID, key);
            if (bad != null) {
                return Mono.error(bad);
            }
            return with(c -> Flux.from(c.createStatement("DELETE FROM " + qualified + " WHERE key = $1")
                                    .bind("$1", key)
                                    .execute())
                            .flatMap(res -> res.getRowsUpdated()))
                    .then();
        });
    }

    @Override
    public Store scope(String database, String table) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        return new PostgresStore(shared, Keys.name(database, "database"), Keys.name(table, "table"), false);
    }

    @Override
    public Mono<Void> close() {
        if (!owner) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            shared.purger.dispose();
            return shared.pool.disposeLater();
        });
    }

    @Override
    public String describe() {
        return "postgres " + shared.address + " " + qualified;
    }

    /** 503 when PostgreSQL cannot be reached or no connection came within the acquire timeout; else 500. */
    private Throwable map(Throwable e) {
        if (e instanceof MicroException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof R2dbcNonTransientResourceException
                    || t instanceof R2dbcTransientResourceException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.io.IOException
                    || t instanceof TimeoutException
                    || t.getClass().getName().contains("PoolAcquireTimeoutException")) {
                return MicroException.unavailable(ID, "postgres %s unreachable: %s", shared.address, t.getMessage());
            }
        }
        if (e instanceof R2dbcException r) {
            return MicroException.internal(
                    ID, "postgres %s: %s (SQLSTATE %s)", shared.address, r.getMessage(), r.getSqlState());
        }
        return MicroException.internal(ID, "postgres %s: %s", shared.address, e.toString());
    }
}
