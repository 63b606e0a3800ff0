package io.reactivemicro.sync;

/** {@code memory}: the JVM-wide in-process sync; the address is ignored. */
public final class MemorySyncProvider implements SyncProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Sync create(String address) {
        return MemorySync.SHARED;
    }
}
