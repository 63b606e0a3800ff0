/**
 * RabbitMQ broker plugin on reactor-rabbitmq: {@link io.reactivemicro.broker.rabbitmq.RabbitBroker}, selected by
 * {@code MICRO_BROKER=rabbitmq}.
 */
@NullMarked
package io.reactivemicro.broker.rabbitmq;

import org.jspecify.annotations.NullMarked;
