package io.reactivemicro.registry.nats;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.ClusterScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** Three server processes and a client finding each other through NATS JetStream KV. */
@Tag("integration")
class NatsClusterTest extends ClusterScenarios {

    private static final String NATS = System.getenv().getOrDefault("NATS_ADDRESS", NatsRegistry.DEFAULT_ADDRESS);

    private final Registry registry = new NatsRegistryProvider().create(NATS);

    @Override
    protected String registryName() {
        return "nats";
    }

    @Override
    protected String registryAddress() {
        return NATS;
    }

    @Override
    protected Registry registry() {
        return registry;
    }

    @AfterAll
    void closeRegistry() {
        ((NatsRegistry) registry).close();
    }
}
