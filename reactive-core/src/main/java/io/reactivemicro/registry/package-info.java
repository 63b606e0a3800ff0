/** Service discovery: the {@link io.reactivemicro.registry.Registry} interface and its in-memory default. */
@NullMarked
package io.reactivemicro.registry;

import org.jspecify.annotations.NullMarked;
