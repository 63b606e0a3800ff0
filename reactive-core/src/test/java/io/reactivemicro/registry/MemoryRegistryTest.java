package io.reactivemicro.registry;

import java.time.Duration;
import reactor.test.scheduler.VirtualTimeScheduler;

class MemoryRegistryTest extends RegistryConformanceKit {

    private VirtualTimeScheduler clock;

    @Override
    protected Registry newRegistry() {
        clock = VirtualTimeScheduler.create();
        return new MemoryRegistry(clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advanceTimeBy(duration);
    }

    @Override
    protected void close(Registry registry) {
        clock.dispose();
    }
}
