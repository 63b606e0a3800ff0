package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import java.util.Objects;

/**
 * Narrows the candidates of a call, after Go Micro's {@code FilterVersion} and {@code FilterLabel}: set on
 * {@link io.reactivemicro.CallOptions.Builder#filter(NodeFilter)}; several filters must all accept.
 */
@FunctionalInterface
public interface NodeFilter {

    boolean accept(ServiceRecord service, Node node);

    /** Nodes of this version of the service. */
    static NodeFilter version(String version) {
        Objects.requireNonNull(version, "version");
        return (service, node) -> version.equals(service.version());
    }

    /** Nodes whose metadata has {@code key} = {@code value}. */
    static NodeFilter label(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return (service, node) -> value.equals(node.metadata().get(key));
    }
}
