package io.reactivemicro.store.redis;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreProvider;

/**
 * {@code redis}: the store at {@code MICRO_STORE_ADDRESS} ({@code redis://host:port/db} or {@code host:port});
 * by default {@code redis://127.0.0.1:6379}. Connects on first use.
 */
public final class RedisStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Store create(String address) {
        return RedisStore.connect(address);
    }
}
