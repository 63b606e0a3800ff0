package io.reactivemicro.broker.nats;

import io.reactivemicro.events.Events;
import io.reactivemicro.events.EventsProvider;

/** {@code MICRO_EVENTS=nats}: {@link NatsEvents} (JetStream) at {@code MICRO_EVENTS_ADDRESS}. */
public final class NatsEventsProvider implements EventsProvider {

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public Events create(String address) {
        return NatsEvents.create(address);
    }
}
