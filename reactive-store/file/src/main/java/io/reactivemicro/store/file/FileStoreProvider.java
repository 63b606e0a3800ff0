package io.reactivemicro.store.file;

import io.reactivemicro.store.Store;
import io.reactivemicro.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.scheduler.Schedulers;

/**
 * {@code file}: the store in the file {@code MICRO_STORE_ADDRESS} names (a directory means {@code
 * <dir>/store.mv}); by default {@code ~/.micro/store/store.mv}. Opening is synchronous and throws a 503
 * {@link io.reactivemicro.MicroException} when the file cannot be opened (for instance because another
 * process has it open: MVStore locks its file).
 */
public final class FileStoreProvider implements StoreProvider {

    static final String FILE_NAME = "store.mv";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Store create(String address) {
        return open(resolve(address));
    }

    /** The store in {@code file}, created when absent. */
    public static Store open(Path file) {
        return FileStore.open(file, Schedulers.parallel());
    }

    static Path resolve(String address) {
        if (address.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".micro", "store", FILE_NAME);
        }
        Path p = Path.of(address);
        return Files.isDirectory(p) || address.endsWith("/") ? p.resolve(FILE_NAME) : p;
    }
}
