package io.reactivemicro.events;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class MemoryEventsTest extends EventsConformanceKit {

    @Override
    protected Events newEvents() {
        return Events.memory();
    }

    @Override
    protected Duration settle() {
        return Duration.ZERO;
    }

    @Test
    void retentionDiscardsTheOldestEvents() {
        Events small = new MemoryEvents(3);
        for (int i = 0; i < 5; i++) {
            small.publish(topic, text("e" + i)).block();
        }
        StepVerifier.create(small.consume(topic, inGroup())
                        .map(EventsConformanceKit::text)
                        .take(3))
                .expectNext("e2", "e3", "e4")
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void unackedEventsInFlightAreBoundedByTheBufferSize() {
        for (int i = 0; i < 10; i++) {
            publish("e" + i);
        }
        StepVerifier.create(events.consume(topic, inGroup().manualAck().withBufferSize(4)))
                .expectNextCount(4)
                .expectNoEvent(Duration.ofMillis(300))
                .thenCancel()
                .verify(WAIT);
    }
}
