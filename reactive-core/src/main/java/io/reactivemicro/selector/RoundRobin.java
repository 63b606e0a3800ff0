package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

final class RoundRobin implements Selector {

    private static final AtomicIntegerFieldUpdater<RoundRobin> NEXT =
            AtomicIntegerFieldUpdater.newUpdater(RoundRobin.class, "next");

    private volatile int next;

    @Override
    public Node select(List<Node> candidates, Load load) {
        return candidates.get((NEXT.getAndIncrement(this) & Integer.MAX_VALUE) % candidates.size());
    }
}
