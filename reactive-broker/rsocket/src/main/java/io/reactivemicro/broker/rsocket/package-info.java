/**
 * The {@code rsocket} broker: pub/sub without a central server; subscribers advertise themselves in the
 * registry and publishers fire messages straight to them over RSocket.
 */
@NullMarked
package io.reactivemicro.broker.rsocket;

import org.jspecify.annotations.NullMarked;
