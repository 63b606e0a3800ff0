package io.reactivemicro.sync;

/**
 * Makes a {@link Sync} by name; found through {@link java.util.ServiceLoader}, so that {@code MICRO_SYNC=etcd}
 * selects a plugin without code.
 */
public interface SyncProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "etcd"}, {@code "redis"}. */
    String name();

    /** A sync at {@code address} ({@code MICRO_SYNC_ADDRESS}); empty means the plugin's default. */
    Sync create(String address);
}
