/** {@code MICRO_STORE=postgres}: a {@link io.reactivemicro.store.Store} on PostgreSQL through R2DBC. */
@NullMarked
package io.reactivemicro.store.postgres;

import org.jspecify.annotations.NullMarked;
