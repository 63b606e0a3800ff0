package io.reactivemicro.broker.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.reactivemicro.broker.TestAddresses;
import io.reactivemicro.events.Events;
import io.reactivemicro.events.EventsConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** The events kit against Redis Streams at {@code MICRO_EVENTS_ADDRESS} when {@code MICRO_EVENTS=redis}, else 127.0.0.1:6379. */
@Tag("integration")
class RedisEventsTest extends EventsConformanceKit {

    static String address() {
        return TestAddresses.of("EVENTS", "redis", "redis://127.0.0.1:6379");
    }

    @Override
    protected Events newEvents() {
        return RedisEvents.create(address());
    }

    @Override
    protected void close(Events events) {
        ((RedisEvents) events).close();
    }

    @Override
    protected String[] childProcessBackend() {
        return new String[] {"redis", address()};
    }

    /** The kit's streams are deleted afterwards, so that repeated runs leave nothing behind. */
    @AfterAll
    static void deleteKitStreams() {
        RedisClient client = RedisClient.create(RedisSupport.uri(address()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            var keys = c.sync()
                    .scan(ScanArgs.Builder.matches(RedisEvents.KEY_PREFIX + "kit.events.*")
                            .limit(10_000));
            while (true) {
                if (!keys.getKeys().isEmpty()) {
                    c.sync().del(keys.getKeys().toArray(String[]::new));
                }
                if (keys.isFinished()) {
                    break;
                }
                keys = c.sync()
                        .scan(
                                keys,
                                ScanArgs.Builder.matches(RedisEvents.KEY_PREFIX + "kit.events.*")
                                        .limit(10_000));
            }
        } finally {
            client.shutdown();
        }
    }
}
