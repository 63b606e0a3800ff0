package io.reactivemicro.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** The store kit against the Redis at {@code REDIS_ADDRESS} (default {@code redis://127.0.0.1:6379}). */
@Tag("integration")
class RedisStoreTest extends StoreConformanceKit {

    static String address() {
        String a = System.getenv("REDIS_ADDRESS");
        return a == null || a.isBlank() ? "redis://127.0.0.1:6379" : a;
    }

    /** Removes what the kit wrote (every key of the {@code kit*} databases), with SCAN and UNLINK. */
    @AfterAll
    static void removeKitKeys() {
        RedisClient client = RedisClient.create(address());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanArgs args = ScanArgs.Builder.matches("kit*").limit(1000);
            KeyScanCursor<String> cursor = c.sync().scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    c.sync().unlink(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = c.sync().scan(cursor, args);
            }
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected Store newStore() {
        return Store.named("redis", address());
    }
}
