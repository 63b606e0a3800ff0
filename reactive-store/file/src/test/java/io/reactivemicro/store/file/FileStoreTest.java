package io.reactivemicro.store.file;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreConformanceKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.scheduler.VirtualTimeScheduler;

class FileStoreTest extends StoreConformanceKit {

    @TempDir
    Path dir;

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
