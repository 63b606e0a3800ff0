/** The multicast DNS (DNS-SD) registry plugin ({@code MICRO_REGISTRY=mdns}). */
@NullMarked
package io.reactivemicro.registry.mdns;

import org.jspecify.annotations.NullMarked;
