package io.reactivemicro.sync.etcd;

import io.reactivemicro.sync.MultiProcessSyncKit;
import org.junit.jupiter.api.Tag;

/** Locks and leadership on etcd across real processes. */
@Tag("integration")
class EtcdSyncMultiProcessTest extends MultiProcessSyncKit {

    @Override
    protected String syncName() {
        return "etcd";
    }

    @Override
    protected String address() {
        return EtcdSyncTest.address();
    }
}
