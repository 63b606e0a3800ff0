/**
 * NATS plugins: {@link io.reactivemicro.broker.nats.NatsBroker} (core NATS pub/sub; queue groups are NATS queue
 * subscriptions) and {@link io.reactivemicro.broker.nats.NatsEvents} (JetStream streams with a durable consumer
 * per group). Both are selected by name {@code nats} ({@code MICRO_BROKER=nats}, {@code MICRO_EVENTS=nats}).
 */
@NullMarked
package io.reactivemicro.broker.nats;

import org.jspecify.annotations.NullMarked;
