package io.reactivemicro.broker.redis;

import io.reactivemicro.events.Events;
import io.reactivemicro.events.EventsProvider;

/** {@code MICRO_EVENTS=redis}: {@link RedisEvents} (Redis Streams) at {@code MICRO_EVENTS_ADDRESS}. */
public final class RedisEventsProvider implements EventsProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Events create(String address) {
        return RedisEvents.create(address);
    }
}
