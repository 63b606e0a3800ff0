package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemicro.events.Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigEventsTest {

    @AfterEach
    void clear() {
        System.clearProperty("micro.events");
    }

    @Test
    void eventsDefaultToTheSharedMemoryBackend() {
        assertThat(Config.events()).isSameAs(Events.sharedMemory());
    }

    @Test
    void anEventsPluginMissingFromTheClasspathNamesTheArtifactToAdd() {
        System.setProperty("micro.events", "kafka");
        assertThatThrownBy(Config::events)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MICRO_EVENTS=kafka")
                .hasMessageContaining("io.reactivemicro:broker-kafka")
                .hasMessageContaining("memory");
    }
}
