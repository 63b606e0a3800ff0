package io.reactivemicro;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.registry.Node;
import io.reactivemicro.registry.ServiceRecord;
import io.reactivemicro.selector.NodeFilter;
import io.reactivemicro.selector.Selector;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NodeBookTest {

    final List<String> departed = new CopyOnWriteArrayList<>();
    final NodeBook book = new NodeBook(departed::add);

    static final Node A = new Node("a", "127.0.0.1:1", Map.of());
    static final Node B = new Node("b", "127.0.0.1:2", Map.of());

    static List<ServiceRecord> records(Node... nodes) {
        return List.of(new ServiceRecord("svc", "1", Map.of(), List.of(), List.of(nodes)));
    }

    Set<Node> picks(List<ServiceRecord> records) {
        Set<Node> seen = new HashSet<>();
        Selector roundRobin = Selector.roundRobin();
        for (int i = 0; i < 200; i++) {
            seen.add(book.pick("svc", records, List.of(), Set.of(), roundRobin));
        }
        return seen;
    }

    @Test
    void failedNodeIsSetAsideWhileOthersRemain() {
        List<ServiceRecord> records = records(A, B);
        book.failed(A.address());
        assertThat(picks(records)).containsExactly(B);
    }

    @Test
    void whenEveryNodeIsSetAsideTheyAreTriedAnyway() {
        List<ServiceRecord> records = records(A, B);
        book.failed(A.address());
        book.failed(B.address());
        assertThat(picks(records)).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aNodeThatAnswersComesBack() {
        List<ServiceRecord> records = records(A, B);
        book.failed(A.address());
        book.answered(A.address(), System.nanoTime());
        assertThat(picks(records)).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aNodeTheRegistryAnnouncesAnewComesBack() {
        book.pick("svc", records(B), List.of(), Set.of(), Selector.roundRobin());
        book.failed(A.address());
        Node restarted = new Node("a-2", A.address(), Map.of());
        assertThat(picks(records(restarted, B))).containsExactlyInAnyOrder(restarted, B);
    }

    @Test
    void nodesThatLeaveTheRegistryAreReported() {
        book.pick("svc", records(A, B), List.of(), Set.of(), Selector.roundRobin());
        book.pick("svc", records(B), List.of(), Set.of(), Selector.roundRobin());
        assertThat(departed).containsExactly(A.address());
    }

    @Test
    void triedNodesAreAvoidedAndFiltersApply() {
        List<ServiceRecord> records = records(A, B);
        for (int i = 0; i < 50; i++) {
            assertThat(book.pick("svc", records, List.of(), Set.of(A.address()), Selector.roundRobin()))
                    .isEqualTo(B);
        }
        assertThat(book.pick("svc", records, List.of(NodeFilter.version("2")), Set.of(), Selector.roundRobin()))
                .isNull();
    }

    @Test
    void inFlightAndLatencyAreCounted() {
        long start = book.started(A.address());
        assertThat(book.inFlight(A)).isEqualTo(1);
        book.answered(A.address(), start - 1_000_000);
        book.ended(A.address());
        assertThat(book.inFlight(A)).isZero();
        assertThat(book.latencyNanos(A)).isGreaterThanOrEqualTo(1_000_000);
    }
}
