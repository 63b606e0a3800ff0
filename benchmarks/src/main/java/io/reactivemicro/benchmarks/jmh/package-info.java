/**
 * JMH micro-benchmarks of the call path's hot pieces, without a network: codec, client path (proxy,
 * interceptors, registry cache, selector) and selection. Run with {@code java -jar benchmarks.jar jmh}.
 */
@NullMarked
package io.reactivemicro.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
