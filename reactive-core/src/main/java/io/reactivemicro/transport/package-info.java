/** The transport SPI: what a wire implementation (RSocket by default) provides to the framework. */
@NullMarked
package io.reactivemicro.transport;

import org.jspecify.annotations.NullMarked;
