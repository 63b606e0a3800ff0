package io.reactivemicro.store.postgres;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import org.junit.jupiter.api.Tag;

/** The store kit against PostgreSQL at {@code POSTGRES_ADDRESS} (default: database {@code test} on 127.0.0.1). */
@Tag("integration")
class PostgresStoreIT extends StoreConformanceKit {

    static String address() {
        String a = System.getenv("POSTGRES_ADDRESS");
        return a == null || a.isBlank() ? "r2dbc:postgresql://postgres@127.0.0.1:5432/test" : a;
    }

    @Override
    protected Store newStore() {
        return Store.named("postgres", address());
    }
}
