package io.reactivemicro.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.MicroException;
import io.reactivemicro.store.Record;
import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class FileStoreTest extends StoreConformanceKit {

    @TempDir
    Path dir;

    @Test
    void fileIsSelectedByNameAndAddressAndADirectoryGetsStoreMv() {
        Store store = Store.named("file", dir.toString());
        try {
            assertThat(store.describe()).contains(dir.resolve("store.mv").toString());
            store.write(Record.of("k", new byte[] {1})).block(STEP);
            assertThat(Files.exists(dir.resolve("store.mv"))).isTrue();
        } finally {
            store.close().block(STEP);
        }
    }

    @Test
    void aFileAlreadyOpenElsewhereIsRefusedWithUnavailable() {
        assertThatThrownBy(() -> FileStoreProvider.open(dir.resolve("kit.mv")))
                .isInstanceOf(MicroException.class)
                .satisfies(e -> assertThat(((MicroException) e).code()).isEqualTo(503));
    }

    @Test
    void aClosedStoreFailsWithUnavailable() {
        Store store = FileStoreProvider.open(dir.resolve("closed.mv"));
        store.close().block(STEP);
        StepVerifier.create(store.write(Record.of("k", new byte[] {1})))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 503)).isTrue())
                .verify(STEP);
        StepVerifier.create(store.read("k"))
                .expectErrorSatisfies(
                        e -> assertThat(MicroException.hasCode(e, 503)).isTrue())
                .verify(STEP);
    }

    @Override
    protected Store newStore() {
        return FileStoreProvider.open(dir.resolve("kit.mv"));
    }

    @Override
    protected Store newStore(VirtualTimeScheduler clock) {
        try {
            return FileStore.open(Files.createTempDirectory(dir, "vt").resolve("vt.mv"), clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
