package io.reactivemicro.store;

/** {@code memory}: a new in-process {@link Store#memory()}; the address is ignored. */
public final class MemoryStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Store create(String address) {
        return Store.memory();
    }
}
