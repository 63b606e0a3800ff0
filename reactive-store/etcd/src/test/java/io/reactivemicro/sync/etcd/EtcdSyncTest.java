package io.reactivemicro.sync.etcd;

import io.reactivemicro.sync.Sync;
import io.reactivemicro.sync.SyncConformanceKit;
import org.junit.jupiter.api.Tag;

/** The sync kit against etcd at {@code ETCD_ADDRESS} (default {@code http://127.0.0.1:2379}). */
@Tag("integration")
class EtcdSyncTest extends SyncConformanceKit {

    static String address() {
        String a = System.getenv("ETCD_ADDRESS");
        return a == null || a.isBlank() ? "http://127.0.0.1:2379" : a;
    }

    @Override
    protected Sync newSync() {
        return Sync.named("etcd", address());
    }
}
