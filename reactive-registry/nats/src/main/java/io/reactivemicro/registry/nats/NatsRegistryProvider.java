package io.reactivemicro.registry.nats;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.RegistryProvider;
import java.util.Objects;

/**
 * {@code nats}: the registry in a NATS JetStream key-value bucket, selected by {@code MICRO_REGISTRY=nats}. The
 * address ({@code MICRO_REGISTRY_ADDRESS}) is a comma-separated list of NATS URLs; by default {@code
 * nats://127.0.0.1:4222}. The bucket is {@code micro-registry}, created on first use (the server needs {@code -js}).
 */
public final class NatsRegistryProvider implements RegistryProvider {

    @Override
    public String name() {
        return "nats";
    }

    /** A registry on the NATS servers in {@code address}; nothing is dialled until the first call. */
    @Override
    public Registry create(String address) {
        return create(address, NatsRegistry.DEFAULT_BUCKET);
    }

    /**
     * A registry on the NATS servers in {@code address} (empty: {@code nats://127.0.0.1:4222}) in the key-value
     * bucket {@code bucket}. The returned registry is {@link AutoCloseable}: closing it closes the connection.
     */
    public static Registry create(String address, String bucket) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bucket, "bucket");
        if (!bucket.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("bucket: '" + bucket + "' (expected: letters, digits, '-', '_')");
        }
        return new NatsRegistry(address.isBlank() ? NatsRegistry.DEFAULT_ADDRESS : address.trim(), bucket);
    }
}
