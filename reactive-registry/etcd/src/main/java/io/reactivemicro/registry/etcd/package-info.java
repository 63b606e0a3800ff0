/** The etcd v3 registry plugin ({@code MICRO_REGISTRY=etcd}). */
@NullMarked
package io.reactivemicro.registry.etcd;

import org.jspecify.annotations.NullMarked;
