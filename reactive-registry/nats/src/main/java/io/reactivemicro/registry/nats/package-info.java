/** The NATS JetStream key-value registry plugin ({@code MICRO_REGISTRY=nats}). */
@NullMarked
package io.reactivemicro.registry.nats;

import org.jspecify.annotations.NullMarked;
