/**
 * Key-value storage after Go Micro's {@code store.Store}: the {@link io.reactivemicro.store.Store} interface,
 * its options, the in-memory default ({@link io.reactivemicro.store.Store#memory()}) and the {@link
 * io.reactivemicro.store.StoreProvider} SPI through which {@code MICRO_STORE} selects a plugin.
 */
@NullMarked
package io.reactivemicro.store;

import org.jspecify.annotations.NullMarked;
