package io.reactivemicro.store;

/**
 * Makes a {@link Store} by name; found through {@link java.util.ServiceLoader}, so that {@code MICRO_STORE=file}
 * selects a plugin without code.
 */
public interface StoreProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "file"}, {@code "postgres"}, {@code "redis"}. */
    String name();

    /** A store at {@code address} ({@code MICRO_STORE_ADDRESS}); empty means the plugin's default. */
    Store create(String address);
}
