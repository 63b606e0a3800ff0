/**
 * Durable event streams: the {@link io.reactivemicro.events.Events} interface (publish, consume with groups,
 * offsets and acknowledgements) and its in-memory default.
 */
@NullMarked
package io.reactivemicro.events;

import org.jspecify.annotations.NullMarked;
