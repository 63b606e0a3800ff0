package io.reactivemicro.rsocket;

import io.reactivemicro.registry.Node;
import io.reactivemicro.selector.Selector;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The default selector, remembering every pick with its time: to assert which nodes calls went to, and when. */
public final class RecordingSelector implements Selector {

    /** One pick: when ({@link System#nanoTime()}) and which address. */
    public record Pick(long at, String address) {}

    private final Selector delegate = Selector.powerOfTwoChoices();
    private final ConcurrentLinkedQueue<Pick> picks = new ConcurrentLinkedQueue<>();

    @Override
    public Node select(List<Node> candidates, Load load) {
        Node node = delegate.select(candidates, load);
        picks.add(new Pick(System.nanoTime(), node.address()));
        return node;
    }

    /** Picks of {@code address} at or after {@code since} (nanoTime). */
    public long picksOf(String address, long since) {
        return picks.stream()
                .filter(p -> p.at() >= since && p.address().equals(address))
                .count();
    }
}
