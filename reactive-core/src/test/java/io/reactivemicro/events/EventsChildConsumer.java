package io.reactivemicro.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;

/**
 * A consumer for {@link EventsConformanceKit}'s multi-process test, run in a child JVM: joins a group with
 * manual acks, prints {@code RECEIVED <payload>} for each event and never acks, until it is killed.
 *
 * <p>Arguments: provider name, address, topic, group, ack wait in milliseconds.
 */
public final class EventsChildConsumer {

    private EventsChildConsumer() {}

    public static void main(String[] args) throws Exception {
        EventsProvider provider = ServiceLoader.load(EventsProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(args[0]))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no events provider " + args[0]));
        Events events = provider.create(args[1]);
        ConsumeOptions options = ConsumeOptions.group(args[3])
                .withOffset(Instant.EPOCH)
                .manualAck()
                .withAckWait(Duration.ofMillis(Long.parseLong(args[4])));
        events.consume(args[2], options)
                .doOnNext(e -> {
                    System.out.println("RECEIVED " + new String(e.payload(), java.nio.charset.StandardCharsets.UTF_8));
                    System.out.flush();
                })
                .blockLast();
    }
}
