/** The RSocket transport: server, shared connection pool, wire metadata and error mapping. */
@NullMarked
package io.reactivemicro.rsocket;

import org.jspecify.annotations.NullMarked;
