/** {@code MICRO_SYNC=etcd}: a {@link io.reactivemicro.sync.Sync} on etcd's lock and election APIs. */
@NullMarked
package io.reactivemicro.sync.etcd;

import org.jspecify.annotations.NullMarked;
