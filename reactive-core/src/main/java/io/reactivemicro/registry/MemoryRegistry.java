package io.reactivemicro.registry;

import io.reactivemicro.MicroException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The in-process registry: versions keyed by service name, each node with its own expiry. Expired nodes are
 * pruned on every read and by a sweep once a second (which is what tells watchers), using the given
 * scheduler's clock so that tests can run it in virtual time.
 */
final class MemoryRegistry implements Registry {

    static final MemoryRegistry SHARED = new MemoryRegistry(Schedulers.parallel());

    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Scheduler scheduler;
    private final Map<String, Map<String, Version>> services = new LinkedHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private @Nullable Disposable sweeper;

    MemoryRegistry(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        return Mono.fromRunnable(() -> {
            validate(service);
            long expiresAt = now() + options.ttl().toMillis();
            synchronized (this) {
                Map<String, Version> versions = services.computeIfAbsent(service.name(), k -> new LinkedHashMap<>());
                Version existing = versions.get(service.version());
                Version version = new Version(service, existing == null ? new LinkedHashMap<>() : existing.nodes);
                for (Node node : service.nodes()) {
                    version.nodes.put(node.id(), new Expiring(node, expiresAt));
                }
                versions.put(service.version(), version);
                emit(existing == null ? RegistryEvent.Type.CREATE : RegistryEvent.Type.UPDATE, version.record());
                startSweeper();
            }
        });
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        Objects.requireNonNull(service, "service");
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                Map<String, Version> versions = services.get(service.name());
                Version version = versions == null ? null : versions.get(service.version());
                if (version == null) {
                    return;
                }
                boolean removed = false;
                for (Node node : service.nodes()) {
                    removed |= version.nodes.remove(node.id()) != null;
                }
                if (removed) {
                    changed(versions, version);
                }
            }
        });
    }

    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        Objects.requireNonNull(name, "name");
        return Mono.fromCallable(() -> {
            synchronized (this) {
                sweep();
                Map<String, Version> versions = services.get(name);
                if (versions == null) {
                    return List.of();
                }
                List<ServiceRecord> records = new ArrayList<>(versions.size());
                versions.values().forEach(v -> records.add(v.record()));
                return List.copyOf(records);
            }
        });
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                sweep();
                List<ServiceRecord> records = new ArrayList<>();
                services.values().forEach(vs -> vs.values().forEach(v -> records.add(v.record())));
                return List.copyOf(records);
            }
        });
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        Objects.requireNonNull(options, "options");
        return Flux.<RegistryEvent>create(sink -> {
                    Watcher watcher = new Watcher(options, sink);
                    watchers.add(watcher);
                    sink.onDispose(() -> watchers.remove(watcher));
                })
                .onBackpressureBuffer(options.bufferSize(), BufferOverflowStrategy.ERROR);
    }

    @Override
    public String describe() {
        return "memory";
    }

    private static void validate(ServiceRecord service) {
        if (service.name().isBlank()) {
            throw MicroException.badRequest("registry", "service name is empty");
        }
        for (Node node : service.nodes()) {
            if (node.id().isBlank() || node.address().isBlank()) {
                throw MicroException.badRequest("registry", "node of %s has an empty id or address", service.name());
            }
        }
    }

    private long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    private void startSweeper() {
        if (sweeper == null) {
            sweeper = scheduler.schedulePeriodically(
                    this::sweepLocked, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void sweepLocked() {
        sweep();
        if (services.isEmpty() && sweeper != null) {
            sweeper.dispose();
            sweeper = null;
        }
    }

    /** Removes expired nodes; the caller holds the lock. */
    private void sweep() {
        long now = now();
        for (Map<String, Version> versions : new ArrayList<>(services.values())) {
            for (Version version : new ArrayList<>(versions.values())) {
                if (version.nodes.values().removeIf(e -> e.expiresAt <= now)) {
                    changed(versions, version);
                }
            }
        }
    }

    /** After {@code version} lost nodes: deletes it when none are left, else tells watchers of the update. */
    private void changed(Map<String, Version> versions, Version version) {
        String name = version.template.name();
        if (version.nodes.isEmpty()) {
            versions.remove(version.template.version());
            if (versions.isEmpty()) {
                services.remove(name);
            }
            emit(RegistryEvent.Type.DELETE, version.template.withNodes(List.of()));
        } else {
            emit(RegistryEvent.Type.UPDATE, version.record());
        }
    }

    private void emit(RegistryEvent.Type type, ServiceRecord record) {
        RegistryEvent event = new RegistryEvent(type, record);
        for (Iterator<Watcher> it = watchers.iterator(); it.hasNext(); ) {
            Watcher w = it.next();
            if (w.options.matches(record.name())) {
                w.sink.next(event);
            }
        }
    }

    private record Expiring(Node node, long expiresAt) {}

    private record Watcher(WatchOptions options, FluxSink<RegistryEvent> sink) {}

    private static final class Version {
        final ServiceRecord template;
        final Map<String, Expiring> nodes;

        Version(ServiceRecord template, Map<String, Expiring> nodes) {
            this.template = template;
            this.nodes = nodes;
        }

        ServiceRecord record() {
            List<Node> list = new ArrayList<>(nodes.size());
            nodes.values().forEach(e -> list.add(e.node));
            return template.withNodes(list);
        }
    }
}
