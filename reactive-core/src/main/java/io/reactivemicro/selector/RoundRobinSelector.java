package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

final class RoundRobinSelector implements Selector {

    private static final AtomicIntegerFieldUpdater<RoundRobinSelector> NEXT =
            AtomicIntegerFieldUpdater.newUpdater(RoundRobinSelector.class, "next");

    private volatile int next;

    @Override
    public @Nullable Node select(List<Node> nodes) {
        int size = nodes.size();
        if (size == 0) {
            return null;
        }
        return nodes.get((NEXT.getAndIncrement(this) & Integer.MAX_VALUE) % size);
    }
}
