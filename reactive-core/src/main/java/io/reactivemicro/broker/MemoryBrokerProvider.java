package io.reactivemicro.broker;

/** {@code memory}: the JVM-wide in-process broker. */
public final class MemoryBrokerProvider implements BrokerProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Broker create(String address) {
        return Broker.sharedMemory();
    }
}
