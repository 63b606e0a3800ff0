package io.reactivemicro;

import io.reactivemicro.registry.EndpointRecord;
import java.util.List;
import java.util.Optional;

/** The serving half of a {@link Service}: its endpoints and, once started, its address. */
public interface Server {

    /** Every endpoint served, including the built-in {@code Debug.health}, as registered. */
    List<EndpointRecord> endpoints();

    /** The address clients dial ({@code host:port} with the real port), once started. */
    Optional<String> address();
}
