package io.reactivemicro.registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A registry that counts the lookups it serves and can break its watchers: for tests of what sits in front. */
public final class CountingRegistry implements Registry {

    private final Registry delegate;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger watches = new AtomicInteger();
    private volatile Sinks.Empty<Void> breaker = Sinks.empty();
    private volatile boolean failLookups;

    public CountingRegistry(Registry delegate) {
        this.delegate = delegate;
    }

    /** {@code getService} calls served so far. */
    public int lookups() {
        return lookups.get();
    }

    /** {@code register} calls subscribed so far. */
    public int registrations() {
        return registrations.get();
    }

    /** {@code watch} subscriptions so far. */
    public int watches() {
        return watches.get();
    }

    /** Fails every current watcher, as a lost connection to the backend would. */
    public void breakWatches() {
        Sinks.Empty<Void> old = breaker;
        breaker = Sinks.empty();
        old.tryEmitError(new IllegalStateException("watch connection lost"));
    }

    /** Makes lookups fail (backend unreachable) or succeed again. */
    public void failLookups(boolean fail) {
        this.failLookups = fail;
    }

    @Override
    public Mono<Void> register(ServiceRecord service, RegisterOptions options) {
        return Mono.defer(() -> {
            registrations.incrementAndGet();
            return delegate.register(service, options);
        });
    }

    @Override
    public Mono<Void> deregister(ServiceRecord service) {
        return delegate.deregister(service);
    }

    @Override
    public Mono<List<ServiceRecord>> getService(String name) {
        return Mono.defer(() -> {
            lookups.incrementAndGet();
            return failLookups
                    ? Mono.error(new IllegalStateException("registry unreachable"))
                    : delegate.getService(name);
        });
    }

    @Override
    public Mono<List<ServiceRecord>> listServices() {
        return delegate.listServices();
    }

    @Override
    public Flux<RegistryEvent> watch(WatchOptions options) {
        return Flux.defer(() -> {
            watches.incrementAndGet();
            return delegate.watch(options)
                    .takeUntilOther(breaker.asMono().then(Mono.just(1)))
                    .concatWith(Mono.error(new IllegalStateException("watch connection lost")));
        });
    }

    @Override
    public String describe() {
        return "counting " + delegate.describe();
    }
}
