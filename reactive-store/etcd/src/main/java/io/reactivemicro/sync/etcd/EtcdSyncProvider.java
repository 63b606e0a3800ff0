package io.reactivemicro.sync.etcd;

import io.reactivemicro.sync.Sync;
import io.reactivemicro.sync.SyncProvider;

/**
 * {@code etcd}: locks and elections on the etcd cluster at {@code MICRO_SYNC_ADDRESS}, comma-separated
 * endpoints ({@code http://host:2379} or {@code host:2379}); by default {@code http://127.0.0.1:2379}.
 * Connects on first use.
 */
public final class EtcdSyncProvider implements SyncProvider {

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public Sync create(String address) {
        return EtcdSync.connect(address);
    }
}
