/**
 * Reactive Micro's facade: {@link io.reactivemicro.Micro#service(String)} builds a {@link
 * io.reactivemicro.Service}, whose {@link io.reactivemicro.Client} calls other services and whose {@link
 * io.reactivemicro.Server} serves handlers. Every call is a lazy {@code Mono} or {@code Flux}; every error is a
 * {@link io.reactivemicro.MicroException}.
 */
@NullMarked
package io.reactivemicro;

import org.jspecify.annotations.NullMarked;
