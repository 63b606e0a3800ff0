package io.reactivemicro.registry.etcd;

import io.reactivemicro.registry.Registry;
import io.reactivemicro.rsocket.ClusterScenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** Three server processes and a client finding each other through etcd. */
@Tag("integration")
class EtcdClusterTest extends ClusterScenarios {

    private static final String ETCD = System.getenv().getOrDefault("ETCD_ADDRESS", EtcdRegistry.DEFAULT_ADDRESS);

    private final Registry registry = new EtcdRegistryProvider().create(ETCD);

    @Override
    protected String registryName() {
        return "etcd";
    }

    @Override
    protected String registryAddress() {
        return ETCD;
    }

    @Override
    protected Registry registry() {
        return registry;
    }

    @AfterAll
    void closeRegistry() {
        ((EtcdRegistry) registry).close();
    }
}
