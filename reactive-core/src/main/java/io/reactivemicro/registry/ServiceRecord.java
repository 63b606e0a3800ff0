package io.reactivemicro.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a service, as Go Micro records it: name, version, metadata, endpoints and the nodes serving
 * it.
 */
public record ServiceRecord(
        String name, String version, Map<String, String> metadata, List<EndpointRecord> endpoints, List<Node> nodes) {

    public ServiceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        metadata = Map.copyOf(metadata);
        endpoints = List.copyOf(endpoints);
        nodes = List.copyOf(nodes);
    }

    /** This record with other nodes. */
    public ServiceRecord withNodes(List<Node> nodes) {
        return new ServiceRecord(name, version, metadata, endpoints, nodes);
    }
}
