package io.reactivemicro.store.postgres;

import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;

/**
 * Child process of {@link PostgresStoreDurabilityTest}: writes {@code k000000}, {@code k000001}, ... into the
 * scope {@code kit_durable.<table>} with 16 writes in flight, printing {@code ACK <key>} once each is acknowledged,
 * until it is killed.
 */
public final class KillWriter {

    private KillWriter() {}

    public static void main(String[] args) {
        Store store = Store.named("postgres", args[0]).scope("kit_durable", args[1]);
        Flux.range(0, Integer.MAX_VALUE)
                .flatMap(
                        i -> {
                            String key = String.format("k%06d", i);
                            return store.write(Record.of(key, ("value " + i).getBytes(StandardCharsets.UTF_8)))
                                    .thenReturn(key);
                        },
                        16)
                .doOnNext(key -> {
                    synchronized (System.out) {
                        System.out.println("ACK " + key);
                        System.out.flush();
                    }
                })
                .blockLast();
    }
}
