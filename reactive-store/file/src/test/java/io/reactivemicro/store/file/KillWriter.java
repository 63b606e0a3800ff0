package io.reactivemicro.store.file;

import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import reactor.core.publisher.Flux;

/**
 * Child process of {@link FileStoreDurabilityTest}: writes {@code k000000}, {@code k000001}, ... with 16 writes in
 * flight, printing {@code ACK <key>} once each write is acknowledged, until it is killed.
 */
public final class KillWriter {

    private KillWriter() {}

    public static void main(String[] args) {
        Store store = FileStoreProvider.open(Path.of(args[0]));
        System.out.println("OPEN");
        System.out.flush();
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
