package io.reactivemicro.store.redis;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import org.junit.jupiter.api.Tag;

/** The store kit against the Redis at {@code REDIS_ADDRESS} (default {@code redis://127.0.0.1:6379}). */
@Tag("integration")
class RedisStoreIT extends StoreConformanceKit {

    static String address() {
        String a = System.getenv("REDIS_ADDRESS");
        return a == null || a.isBlank() ? "redis://127.0.0.1:6379" : a;
    }

    @Override
    protected Store newStore() {
        return Store.named("redis", address());
    }
}
