package io.reactivemicro.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventsFromConfigTest {

    @AfterEach
    void clear() {
        System.clearProperty("micro.events");
    }

    @Test
    void eventsDefaultToTheSharedMemoryBackend() {
        assertThat(Events.fromConfig()).isSameAs(Events.sharedMemory());
    }

    @Test
    void anEventsPluginMissingFromTheClasspathNamesTheArtifactToAdd() {
        System.setProperty("micro.events", "kafka");
        assertThatThrownBy(Events::fromConfig)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_EVENTS=kafka")
                .hasMessageContaining("io.reactivemicro:broker-kafka")
                .hasMessageContaining("memory");
    }
}
