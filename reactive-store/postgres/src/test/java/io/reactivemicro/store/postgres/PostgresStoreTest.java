package io.reactivemicro.store.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import reactor.core.publisher.Flux;

/** The store kit against PostgreSQL at {@code POSTGRES_ADDRESS} (default: database {@code test} on 127.0.0.1). */
@Tag("integration")
class PostgresStoreTest extends StoreConformanceKit {

    static String address() {
        String a = System.getenv("POSTGRES_ADDRESS");
        return a == null || a.isBlank() ? "r2dbc:postgresql://postgres@127.0.0.1:5432/test" : a;
    }

    /** Drops the schemas the kit created tables in. */
    @AfterAll
    static void dropKitSchemas() {
        dropSchemas("kit", "kit_a", "kit_b");
    }

    static void dropSchemas(String... schemas) {
        ConnectionFactory factory = ConnectionFactories.get(address());
        Flux.usingWhen(
                        factory.create(),
                        c -> Flux.from(c.createStatement(
                                                "DROP SCHEMA IF EXISTS " + String.join(", ", schemas) + " CASCADE")
                                        .execute())
                                .flatMap(r -> r.getRowsUpdated()),
                        Connection::close)
                .blockLast(Duration.ofSeconds(30));
    }

    @Override
    protected Store newStore() {
        return Store.named("postgres", address());
    }
}
