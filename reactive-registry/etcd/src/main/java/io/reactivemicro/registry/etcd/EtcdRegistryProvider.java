package io.reactivemicro.registry.etcd;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import java.util.Objects;

/**
 * {@code etcd}: the registry in an etcd v3 cluster, selected by {@code MICRO_REGISTRY=etcd}. The address ({@code
 * MICRO_REGISTRY_ADDRESS}) is a comma-separated list of endpoints, {@code host:port} or URLs; by default {@code
 * 127.0.0.1:2379}. Keys live under {@code /micro/registry/}.
 */
public final class EtcdRegistryProvider implements RegistryProvider {

    @Override
    public String name() {
        return "etcd";
    }

    /** A registry on the etcd endpoints in {@code address}; nothing is dialled until the first call. */
    @Override
    public Registry create(String address) {
        return create(address, EtcdRegistry.DEFAULT_PREFIX);
    }

    /**
     * A registry on the etcd endpoints in {@code address} (empty: {@code 127.0.0.1:2379}) keeping its keys under
     * {@code prefix} (e.g. {@code /micro/registry/}). The returned registry is {@link AutoCloseable}: closing it
     * closes the etcd client.
     */
    public static Registry create(String address, String prefix) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix: '" + prefix + "' (expected: ends with '/')");
        }
        return new EtcdRegistry(address.isBlank() ? EtcdRegistry.DEFAULT_ADDRESS : address, prefix);
    }
}
