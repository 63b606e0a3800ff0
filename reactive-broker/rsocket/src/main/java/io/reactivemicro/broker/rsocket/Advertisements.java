package io.reactivemicro.broker.rsocket;

import io.reactivemicro.MicroException;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * This broker's records in the registry, one per topic and group, counted by local subscribers: registered
 * when the first subscribes, refreshed on a timer, deregistered when the last cancels. Registry calls for one
 * record never overlap and always converge on the latest wish, so a quick subscribe-cancel-subscribe cannot
 * leave the record in the wrong state.
 */
final class Advertisements {

    private static final Logger log = LoggerFactory.getLogger(Advertisements.class);

    private final Registry registry;
    private final RegisterOptions options;
    private final Map<String, Advert> adverts = new ConcurrentHashMap<>();

    Advertisements(Registry registry, Duration ttl) {
        this.registry = registry;
        this.options = RegisterOptions.ttl(ttl);
    }

    /** Counts one more subscriber of {@code record}; completes once the record is in the registry. */
    Mono<Void> acquire(ServiceRecord record) {
        Sinks.Empty<Void> inPlace = Sinks.empty();
        while (true) {
            Advert a = adverts.computeIfAbsent(key(record.name(), record.version()), k -> new Advert(record));
            synchronized (a) {
                if (a.removed) {
                    continue; // its last subscriber left as this one arrived: count on a fresh one
                }
                a.subscribers++;
                if (a.registered && !a.busy) {
                    inPlace.tryEmitEmpty();
                } else {
                    a.waiting.add(inPlace);
                }
            }
            reconcile(a);
            return inPlace.asMono();
        }
    }

    /** Counts one subscriber fewer; the last one withdraws the record. */
    void release(String name, String version) {
        Advert a = adverts.get(key(name, version));
        if (a == null) {
            return;
        }
        synchronized (a) {
            a.subscribers = Math.max(0, a.subscribers - 1);
        }
        reconcile(a);
    }

    /** Registers every wanted record again, so that its TTL starts over. */
    void refresh() {
        adverts.values().forEach(a -> {
            synchronized (a) {
                a.refresh = true;
            }
            reconcile(a);
        });
    }

    /** Deregisters every record; completes when the registry has answered each. */
    Mono<Void> withdrawAll() {
        return Flux.fromIterable(adverts.values())
                .flatMap(a -> registry.deregister(a.record).onErrorResume(e -> {
                    log.warn("{}: withdrawing {} failed: {}", RSocketBroker.ID, a.record.name(), e.toString());
                    return Mono.empty();
                }))
                .then(Mono.fromRunnable(adverts::clear));
    }

    private static String key(String name, String version) {
        return name + '\u0000' + version;
    }

    /** Runs registry calls for {@code a} one at a time until its registry state matches what is wanted. */
    private void reconcile(Advert a) {
        Mono<Void> call;
        boolean want;
        synchronized (a) {
            if (a.busy) {
                return;
            }
            want = a.subscribers > 0;
            if (want == a.registered && !(want && a.refresh)) {
                a.refresh = false;
                if (!want) {
                    a.removed = true;
                    adverts.remove(key(a.record.name(), a.record.version()), a);
                }
                return;
            }
            a.busy = true;
            a.refresh = false;
            call = want ? registry.register(a.record, options) : registry.deregister(a.record);
        }
        call.subscribe(null, e -> done(a, want, e), () -> done(a, want, null));
    }

    private void done(Advert a, boolean wanted, @Nullable Throwable error) {
        List<Sinks.Empty<Void>> waiting;
        synchronized (a) {
            a.busy = false;
            if (error == null) {
                a.registered = wanted;
            }
            waiting = new ArrayList<>(a.waiting);
            if (error != null || a.registered) {
                a.waiting.clear();
            } else {
                waiting.clear();
            }
        }
        if (error != null) {
            log.warn(
                    "{}: {} {} in {} failed: {}",
                    RSocketBroker.ID,
                    wanted ? "advertising" : "withdrawing",
                    a.record.name(),
                    registry.describe(),
                    error.toString());
            MicroException failure = MicroException.unavailable(
                    RSocketBroker.ID,
                    "cannot advertise the subscription to %s in %s: %s",
                    a.record.name().substring(RSocketBroker.SERVICE_PREFIX.length()),
                    registry.describe(),
                    error.getMessage());
            waiting.forEach(s -> s.tryEmitError(failure));
            return;
        }
        waiting.forEach(Sinks.Empty::tryEmitEmpty);
        reconcile(a);
    }

    private static final class Advert {
        final ServiceRecord record;
        final List<Sinks.Empty<Void>> waiting = new ArrayList<>();
        int subscribers;
        boolean registered;
        boolean busy;
        boolean refresh;
        boolean removed;

        Advert(ServiceRecord record) {
            this.record = record;
        }
    }
}
