/**
 * Redis plugins on Lettuce reactive: {@link io.reactivemicro.broker.redis.RedisBroker} (Redis pub/sub, no queue
 * groups) and {@link io.reactivemicro.broker.redis.RedisEvents} (Redis Streams with consumer groups). Both are
 * selected by name {@code redis} ({@code MICRO_BROKER=redis}, {@code MICRO_EVENTS=redis}).
 */
@NullMarked
package io.reactivemicro.broker.redis;

import org.jspecify.annotations.NullMarked;
