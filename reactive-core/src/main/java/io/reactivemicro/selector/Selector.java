package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import java.util.List;

/**
 * Picks the node a call goes to, from candidates the client already holds (never a registry round trip), after
 * RSocket-Java's {@code LoadbalanceStrategy}: one method, lock-free implementations.
 *
 * <p>The default is {@link #powerOfTwoChoices()}: it samples two candidates and takes the one with fewer calls
 * in flight (ties: either, at random). Unlike round-robin it steers away from a slow or overloaded node at once,
 * and unlike "least loaded of all" it costs O(1) and does not stampede every client onto the same idle node
 * (Mitzenmacher's power of two choices; also Finagle's and Envoy's default).
 */
@FunctionalInterface
public interface Selector {

    /** One of {@code candidates} (never empty), using {@code load} if it likes. */
    Node select(List<Node> candidates, Load load);

    /** The default: the less loaded of two random candidates. */
    static Selector powerOfTwoChoices() {
        return PowerOfTwoChoices.INSTANCE;
    }

    /** Each candidate in turn. */
    static Selector roundRobin() {
        return new RoundRobin();
    }

    /** A uniformly random candidate. */
    static Selector random() {
        return (candidates, load) ->
                candidates.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /** What the client knows of each node's load. */
    interface Load {
        /** Calls in flight to {@code node} from this client. */
        int inFlight(Node node);

        /** Exponentially weighted moving average of {@code node}'s reply latency, in ns; 0 when unknown. */
        double latencyNanos(Node node);
    }

    /** A load that knows nothing: for tests and tools. */
    static Load noLoad() {
        return NoLoad.INSTANCE;
    }

    /** Ignores load. */
    enum NoLoad implements Load {
        INSTANCE;

        @Override
        public int inFlight(Node node) {
            return 0;
        }

        @Override
        public double latencyNanos(Node node) {
            return 0;
        }
    }
}
