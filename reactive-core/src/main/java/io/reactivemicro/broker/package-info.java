/** Publish/subscribe: the {@link io.reactivemicro.broker.Broker} interface and its in-memory default. */
@NullMarked
package io.reactivemicro.broker;

import org.jspecify.annotations.NullMarked;
