package io.reactivemicro.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectorTest {

    static final Node A = new Node("a", "127.0.0.1:1", Map.of("zone", "x"));
    static final Node B = new Node("b", "127.0.0.1:2", Map.of("zone", "y"));
    static final Node C = new Node("c", "127.0.0.1:3", Map.of());

    @Test
    void roundRobinVisitsEachNodeInTurn() {
        Selector s = Selector.roundRobin();
        List<Node> nodes = List.of(A, B, C);
        assertThat(List.of(
                        s.select(nodes, Selector.noLoad()),
                        s.select(nodes, Selector.noLoad()),
                        s.select(nodes, Selector.noLoad()),
                        s.select(nodes, Selector.noLoad())))
                .containsExactly(A, B, C, A);
    }

    @Test
    void powerOfTwoChoicesPrefersTheLessLoadedNode() {
        Selector.Load load = new Selector.Load() {
            @Override
            public int inFlight(Node node) {
                return node == A ? 100 : 0;
            }

            @Override
            public double latencyNanos(Node node) {
                return 0;
            }
        };
        for (int i = 0; i < 1000; i++) {
            assertThat(Selector.powerOfTwoChoices().select(List.of(A, B), load)).isEqualTo(B);
        }
    }

    @Test
    void powerOfTwoChoicesSpreadsEvenLoadOverEveryNode() {
        Map<Node, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(Selector.powerOfTwoChoices().select(List.of(A, B, C), Selector.noLoad()), 1, Integer::sum);
        }
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isGreaterThan(600));
    }

    @Test
    void filtersMatchVersionAndLabel() {
        ServiceRecord v1 = new ServiceRecord("svc", "1.0.0", Map.of(), List.of(), List.of(A));
        assertThat(NodeFilter.version("1.0.0").accept(v1, A)).isTrue();
        assertThat(NodeFilter.version("2.0.0").accept(v1, A)).isFalse();
        assertThat(NodeFilter.label("zone", "x").accept(v1, A)).isTrue();
        assertThat(NodeFilter.label("zone", "x").accept(v1, B)).isFalse();
        assertThat(NodeFilter.label("zone", "x").accept(v1, C)).isFalse();
    }
}
