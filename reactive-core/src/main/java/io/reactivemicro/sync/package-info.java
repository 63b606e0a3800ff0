/**
 * Distributed coordination after Go Micro's {@code sync.Sync}: {@link io.reactivemicro.sync.Sync} with locks and
 * leader election, the in-memory default ({@link io.reactivemicro.sync.Sync#memory()}) and the {@link
 * io.reactivemicro.sync.SyncProvider} SPI through which {@code MICRO_SYNC} selects a plugin.
 */
@NullMarked
package io.reactivemicro.sync;

import org.jspecify.annotations.NullMarked;
