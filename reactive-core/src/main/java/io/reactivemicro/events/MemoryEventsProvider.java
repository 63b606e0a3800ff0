package io.reactivemicro.events;

/** {@code memory}: the JVM-wide in-process event streams. */
public final class MemoryEventsProvider implements EventsProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Events create(String address) {
        return Events.sharedMemory();
    }
}
