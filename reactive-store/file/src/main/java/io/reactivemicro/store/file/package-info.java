/** {@code MICRO_STORE=file}: an embedded, durable {@link io.reactivemicro.store.Store} on H2 MVStore. */
@NullMarked
package io.reactivemicro.store.file;

import org.jspecify.annotations.NullMarked;
