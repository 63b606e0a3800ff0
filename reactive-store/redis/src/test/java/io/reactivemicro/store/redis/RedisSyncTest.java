package io.reactivemicro.store.redis;

import io.reactivemicro.sync.Sync;
import io.reactivemicro.sync.SyncConformanceKit;
import org.junit.jupiter.api.Tag;

/** The sync kit against the Redis at {@code REDIS_ADDRESS} (default {@code redis://127.0.0.1:6379}). */
@Tag("integration")
class RedisSyncTest extends SyncConformanceKit {

    @Override
    protected Sync newSync() {
        return Sync.named("redis", RedisStoreTest.address());
    }
}
