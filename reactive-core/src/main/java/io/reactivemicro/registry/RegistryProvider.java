package io.reactivemicro.registry;

/**
 * Makes a {@link Registry} by name; found through {@link java.util.ServiceLoader}, so that {@code
 * MICRO_REGISTRY=etcd} selects a plugin without code.
 */
public interface RegistryProvider {

    /** The name users select, e.g. {@code "memory"}, {@code "mdns"}, {@code "etcd"}. */
    String name();

    /** A registry at {@code address} ({@code MICRO_REGISTRY_ADDRESS}); empty means the plugin's default. */
    Registry create(String address);
}
