package io.reactivemicro.store.redis;

import io.reactivemicro.sync.Sync;
import io.reactivemicro.sync.SyncProvider;

/**
 * {@code redis}: locks and elections at {@code MICRO_SYNC_ADDRESS} ({@code redis://host:port/db} or {@code
 * host:port}); by default {@code redis://127.0.0.1:6379}. Connects on first use.
 */
public final class RedisSyncProvider implements SyncProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Sync create(String address) {
        return RedisSync.connect(address);
    }
}
