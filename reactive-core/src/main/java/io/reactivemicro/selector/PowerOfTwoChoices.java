package io.reactivemicro.selector;

import io.reactivemicro.registry.Node;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Two distinct random candidates; the one with fewer calls in flight wins. */
final class PowerOfTwoChoices implements Selector {

    static final PowerOfTwoChoices INSTANCE = new PowerOfTwoChoices();

    private PowerOfTwoChoices() {}

    @Override
    public Node select(List<Node> candidates, Load load) {
        int size = candidates.size();
        if (size == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int i = random.nextInt(size);
        int j = random.nextInt(size - 1);
        if (j >= i) {
            j++;
        }
        Node a = candidates.get(i);
        Node b = candidates.get(j);
        // Ties go to the first sample, which is random: breaking them on latency would herd every idle call
        // onto whichever node was a little faster lately.
        return load.inFlight(b) < load.inFlight(a) ? b : a;
    }
}
