package io.reactivemicro.registry;

import java.util.Objects;

/** A change to one version of a service; {@code service} is the whole record as it is after the change. */
public record RegistryEvent(Type type, ServiceRecord service) {

    public RegistryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(service, "service");
    }

    public enum Type {
        CREATE,
        UPDATE,
        DELETE
    }
}
