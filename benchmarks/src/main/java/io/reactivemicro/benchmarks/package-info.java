/**
 * The side-by-side harness ({@code compare}: Reactive Micro, raw RSocket-Java and gRPC-java, servers in child
 * JVMs on loopback) and the JMH micro-benchmarks of the call path ({@code jmh}).
 */
@NullMarked
package io.reactivemicro.benchmarks;

import org.jspecify.annotations.NullMarked;
