package io.reactivemicro.benchmarks.jmh;

import io.reactivemicro.registry.CachingRegistry;
import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.RegisterOptions;
import io.reactivemicro.registry.Registry;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.selector.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** What every call does instead of asking the registry: a cache lookup, then the selector's pick of a node. */
public class SelectionBenchmark extends JmhDefaults {

    private static final String SERVICE = "bench";

    private final List<Node> nodes = List.of(
            new Node("bench-1", "127.0.0.1:1", Map.of()),
            new Node("bench-2", "127.0.0.1:2", Map.of()),
            new Node("bench-3", "127.0.0.1:3", Map.of()));
    private CachingRegistry cache;

    @Setup(Level.Trial)
    public void fill() {
        Registry registry = Registry.memory();
        registry.register(
                        new ServiceRecord(SERVICE, "1.0.0", Map.of(), List.of(), nodes),
                        RegisterOptions.ttl(Duration.ofHours(1)))
                .block();
        cache = CachingRegistry.create(registry, CachingRegistry.DEFAULT_MAX_STALENESS);
        cache.getService(SERVICE).block();
    }

    @TearDown(Level.Trial)
    public void stop() {
        cache.dispose();
    }

    @Benchmark
    public Object registryCacheLookup() {
        return cache.getService(SERVICE).block();
    }

    @Benchmark
    public Node selectorPick() {
        return Selector.powerOfTwoChoices().select(nodes, Selector.noLoad());
    }
}
