package io.reactivemicro.store.postgres;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreProvider;

/**
 * {@code postgres}: the store at {@code MICRO_STORE_ADDRESS}, an R2DBC URL ({@code
 * r2dbc:postgresql://user:password@host:5432/database}) or {@code postgres://user@host:5432/database}; by
 * default {@code r2dbc:postgresql://postgres@127.0.0.1:5432/postgres}. Connects on first use.
 */
public final class PostgresStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Store create(String address) {
        return PostgresStore.connect(address);
    }
}
