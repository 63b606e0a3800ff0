package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks the node a call goes to, from the candidates the client already holds (never a registry round
 * trip). One method, lock-free implementations, after RSocket-Java's {@code LoadbalanceStrategy}.
 */
@FunctionalInterface
public interface Selector {

    /** One of {@code nodes}, or {@code null} when the list is empty. */
    @Nullable
    Node select(List<Node> nodes);

    /** Each node in turn. The default. */
    static Selector roundRobin() {
        return new RoundRobinSelector();
    }

    /** A uniformly random node. */
    static Selector random() {
        return nodes -> nodes.isEmpty()
                ? null
                : nodes.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(nodes.size()));
    }
}
