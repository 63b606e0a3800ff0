package io.reactivemicro.sync;

import reactor.test.scheduler.VirtualTimeScheduler;

class MemorySyncTest extends SyncConformanceKit {

    private final MemorySync shared = new MemorySync(reactor.core.scheduler.Schedulers.parallel());

    @Override
    protected Sync newSync() {
        return shared;
    }

    @Override
    protected Sync newSync(VirtualTimeScheduler clock) {
        return new MemorySync(clock);
    }
}
