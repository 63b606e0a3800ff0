package io.reactivemicro.broker.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.reactivemicro.events.Events;
import io.reactivemicro.events.EventsConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** The events kit against NATS JetStream at {@code MICRO_EVENTS_ADDRESS} when {@code MICRO_EVENTS=nats}, else 127.0.0.1:4222. */
@Tag("integration")
class NatsEventsTest extends EventsConformanceKit {

    static String address() {
        return io.reactivemicro.broker.TestAddresses.of("EVENTS", "nats", "nats://127.0.0.1:4222");
    }

    @Override
    protected Events newEvents() {
        return NatsEvents.create(address());
    }

    @Override
    protected void close(Events events) {
        ((NatsEvents) events).close();
    }

    @Override
    protected String[] childProcessBackend() {
        return new String[] {"nats", address()};
    }

    /** The kit's streams are deleted afterwards, so that repeated runs leave nothing behind. */
    @AfterAll
    static void deleteKitStreams() throws Exception {
        try (Connection c = Nats.connect(NatsConnection.servers(address())[0])) {
            JetStreamManagement jsm = c.jetStreamManagement();
            for (String name : jsm.getStreamNames()) {
                if (name.startsWith(NatsEvents.STREAM_PREFIX + "kit_events_")) {
                    jsm.deleteStream(name);
                }
            }
        }
    }
}
