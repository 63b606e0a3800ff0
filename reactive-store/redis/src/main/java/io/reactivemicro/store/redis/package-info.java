/**
 * {@code MICRO_STORE=redis} and {@code MICRO_SYNC=redis}: a {@link io.reactivemicro.store.Store} and a {@link
 * io.reactivemicro.sync.Sync} on Redis through Lettuce's reactive API.
 */
@NullMarked
package io.reactivemicro.store.redis;

import org.jspecify.annotations.NullMarked;
