package io.reactivemicro.registry;

import io.reactivemicro.plugin.Plugins;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where services find each other, after Go Micro's {@code registry.Registry}. Every method is lazy: nothing
 * happens until subscription, and each subscription does the work again. Failures arrive as {@code onError}
 * with a {@link io.reactivemicro.MicroException}: 503 when the backend cannot be reached, 400 for an invalid
 * record.
 *
 * <p>Plugins are found by name through {@link RegistryProvider} ({@code MICRO_REGISTRY=etcd}); {@link
 * #memory()} is the in-process implementation.
 */
public interface Registry {

    /**
     * Adds or refreshes {@code service}'s nodes. Each node expires after {@link RegisterOptions#ttl()} unless
     * registered again. Completes when the registry has stored the record; emits {@code UPDATE} to watchers
     * when the version was known, {@code CREATE} otherwise.
     */
    Mono<Void> register(ServiceRecord service, RegisterOptions options);

    /**
     * Removes {@code service}'s nodes (the version is removed when it has none left). Completes when done;
     * deregistering an unknown record completes too.
     */
    Mono<Void> deregister(ServiceRecord service);

    /** One record per registered version of {@code name}; an empty list when the service is unknown. */
    Mono<List<ServiceRecord>> getService(String name);

    /** Every registered version of every service. */
    Mono<List<ServiceRecord>> listServices();

    /**
     * Changes from now on: {@code CREATE}, {@code UPDATE}, {@code DELETE}, in the order they happened, each
     * carrying the whole record of that version. Never completes on its own; cancelling it stops the watch.
     * Under backpressure up to {@link WatchOptions#bufferSize()} events are kept for a slow watcher, which then
     * fails with an overflow error (re-fetch and watch again).
     */
    Flux<RegistryEvent> watch(WatchOptions options);

    /** A name for logs and error messages, e.g. {@code "memory"} or {@code "etcd 127.0.0.1:2379"}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * A new, empty in-process registry: TTL expiry, watchers, shareable by every service given it. The process
     * wide one that {@code MICRO_REGISTRY=memory} selects is {@link #sharedMemory()}.
     */
    static Registry memory() {
        return new MemoryRegistry(reactor.core.scheduler.Schedulers.parallel());
    }

    /** The one in-process registry of this JVM, which every service configured with {@code memory} shares. */
    static Registry sharedMemory() {
        return MemoryRegistry.SHARED;
    }

    /**
     * The plugin named by {@code MICRO_REGISTRY} (system property {@code micro.registry}; by default {@code mdns},
     * from the {@code registry-mdns} artifact) at {@code MICRO_REGISTRY_ADDRESS} (by default the plugin's own).
     *
     * @throws IllegalStateException when no plugin of that name is on the classpath, naming the artifact to add
     */
    static Registry fromConfig() {
        String name = Plugins.setting("MICRO_REGISTRY", "mdns");
        return Plugins.find(RegistryProvider.class, RegistryProvider::name, name, "MICRO_REGISTRY", "registry-" + name)
                .create(Plugins.setting("MICRO_REGISTRY_ADDRESS", ""));
    }
}
