package io.reactivemicro;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.selector.NodeFilter;
import io.reactivemicro.selector.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows of nodes: each node's calls in flight and latency (for the selector), and which nodes
 * are set aside after a failed or lost connection. A node set aside gets no calls unless no other node is
 * left; the client probes it in the background ({@code Debug.health}, after a backoff of 1 s doubling per
 * consecutive failure up to 30 s), and it comes back when a probe or call succeeds or the registry announces
 * it anew (a new node id at that address). Probing stops when the node leaves the registry.
 *
 * <p>Per service, the flattened candidate list is derived once per registry change (keyed on the identity of
 * the cached record list), so picking a node allocates nothing unless filters or exclusions apply.
 */
final class NodeBook implements Selector.Load {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Latency EWMA weight of the newest sample. */
    private static final double ALPHA = 0.2;

    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final Consumer<String> departed;
    private final Map<String, Candidates> candidates = new ConcurrentHashMap<>();

    /** {@code departed} is told the address of every node that leaves the registry (to close its connection). */
    NodeBook(Consumer<String> departed) {
        this.departed = departed;
    }

    /**
     * Picks a node of {@code records} passing {@code filters}, not in {@code tried} if another is left; {@code
     * null} if none passes the filters. A selector that picks none is an {@link IllegalStateException}.
     */
    @Nullable
    Node pick(String service, List<ServiceRecord> records, List<NodeFilter> filters, Set<String> tried, Selector s) {
        Candidates c = candidates.get(service);
        if (c == null || c.source != records) {
            c = candidates.compute(
                    service,
                    (k, old) -> old != null && old.source == records ? old : Candidates.of(records, old, this));
        }
        List<Node> nodes = c.nodes;
        if (!filters.isEmpty()) {
            nodes = filter(c, filters);
        }
        if (nodes.isEmpty()) {
            return null;
        }
        List<Node> usable = nodes;
        if (!tried.isEmpty() || anySetAside(nodes)) {
            usable = new ArrayList<>(nodes.size());
            for (Node n : nodes) {
                if (!tried.contains(n.address()) && !setAside(n.address())) {
                    usable.add(n);
                }
            }
            if (usable.isEmpty()) {
                for (Node n : nodes) {
                    if (!tried.contains(n.address())) {
                        usable.add(n);
                    }
                }
            }
            if (usable.isEmpty()) {
                usable = nodes;
            }
        }
        Node picked = s.select(usable, this);
        if (picked == null) {
            throw new IllegalStateException("selector " + s + " picked none of " + usable.size() + " nodes");
        }
        return picked;
    }

    private static List<Node> filter(Candidates c, List<NodeFilter> filters) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < c.nodes.size(); i++) {
            Node node = c.nodes.get(i);
            ServiceRecord record = c.owners.get(i);
            boolean ok = true;
            for (NodeFilter f : filters) {
                ok &= f.accept(record, node);
            }
            if (ok) {
                out.add(node);
            }
        }
        return out;
    }

    private boolean anySetAside(List<Node> nodes) {
        if (stats.isEmpty()) {
            return false;
        }
        for (Node n : nodes) {
            if (setAside(n.address())) {
                return true;
            }
        }
        return false;
    }

    private boolean setAside(String address) {
        Stats s = stats.get(address);
        return s != null && s.aside;
    }

    /** A call to {@code address} starts; returns its start time for {@link #answered}. */
    long started(String address) {
        stats(address).inFlight.incrementAndGet();
        return System.nanoTime();
    }

    /** {@code address} answered a call (a reply, or its handler's own error): it is alive; sample latency. */
    void answered(String address, long startedAt) {
        Stats s = stats(address);
        double sample = System.nanoTime() - startedAt;
        double old = s.latency;
        s.latency = old == 0 ? sample : old + ALPHA * (sample - old);
        s.failures = 0;
        s.aside = false;
    }

    /** A call to {@code address} is over, however it ended. */
    void ended(String address) {
        stats(address).inFlight.decrementAndGet();
    }

    /**
     * The connection to {@code address} failed or was lost: set the node aside. Returns the backoff before the
     * next probe, or {@code null} when it was already set aside (a probe is then already scheduled).
     */
    @Nullable
    Duration failed(String address) {
        Stats s = stats(address);
        synchronized (s) {
            int failures = Math.min(s.failures + 1, 6);
            s.failures = failures;
            boolean wasAside = s.aside;
            s.aside = true;
            return wasAside ? null : backoff(failures);
        }
    }

    /** A probe of {@code address} failed: the backoff before the next one. */
    Duration probeFailed(String address) {
        Stats s = stats(address);
        synchronized (s) {
            s.failures = Math.min(s.failures + 1, 6);
            return backoff(s.failures);
        }
    }

    /** Whether {@code address} is still set aside and still in the registry (worth probing). */
    boolean needsProbe(String address) {
        Stats s = stats.get(address);
        return s != null && s.aside;
    }

    private static Duration backoff(int failures) {
        long nanos = Math.min(FIRST_BACKOFF.toNanos() << (failures - 1), MAX_BACKOFF.toNanos());
        return Duration.ofNanos(nanos);
    }

    /** The registry announced {@code address} anew: trust it again. */
    void announced(String address) {
        Stats s = stats.get(address);
        if (s != null) {
            s.failures = 0;
            s.aside = false;
        }
    }

    private void leave(String address) {
        stats.remove(address);
        departed.accept(address);
    }

    @Override
    public int inFlight(Node node) {
        Stats s = stats.get(node.address());
        return s == null ? 0 : s.inFlight.get();
    }

    @Override
    public double latencyNanos(Node node) {
        Stats s = stats.get(node.address());
        return s == null ? 0 : s.latency;
    }

    private Stats stats(String address) {
        return stats.computeIfAbsent(address, a -> new Stats());
    }

    private static final class Stats {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile double latency;
        volatile int failures;
        volatile boolean aside;
    }

    /** A service's nodes flattened from its records, each with the record (version) it belongs to. */
    private record Candidates(List<ServiceRecord> source, List<Node> nodes, List<ServiceRecord> owners) {
        static Candidates of(List<ServiceRecord> records, @Nullable Candidates old, NodeBook book) {
            List<Node> nodes = new ArrayList<>();
            List<ServiceRecord> owners = new ArrayList<>();
            for (ServiceRecord r : records) {
                for (Node n : r.nodes()) {
                    nodes.add(n);
                    owners.add(r);
                }
            }
            if (old != null) {
                Set<String> known = new HashSet<>();
                old.nodes.forEach(n -> known.add(n.id()));
                Set<String> current = new HashSet<>();
                for (Node n : nodes) {
                    current.add(n.address());
                    if (!known.contains(n.id())) {
                        book.announced(n.address());
                    }
                }
                old.nodes.stream()
                        .map(Node::address)
                        .filter(a -> !current.contains(a))
                        .distinct()
                        .forEach(book::leave);
            }
            return new Candidates(records, List.copyOf(nodes), List.copyOf(owners));
        }
    }
}
