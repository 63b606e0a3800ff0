package io.reactivemicro.store.redis;

import io.reactivemicro.sync.MultiProcessSyncKit;
import org.junit.jupiter.api.Tag;

/** Locks and leadership on Redis across real processes. */
@Tag("integration")
class RedisSyncMultiProcessTest extends MultiProcessSyncKit {

    @Override
    protected String syncName() {
        return "redis";
    }

    @Override
    protected String address() {
        return RedisStoreTest.address();
    }
}
