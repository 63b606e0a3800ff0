package io.reactivemicro.registry;

/** {@code memory}: the JVM-wide in-process registry. */
public final class MemoryRegistryProvider implements RegistryProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Registry create(String address) {
        return Registry.sharedMemory();
    }
}
