package io.reactivemicro.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How key changes become record events; no server needed. */
class NodeTableTest {

    private static ServiceRecord rec(String version, String node, String team) {
        return new ServiceRecord(
                "greeter", version, Map.of("team", team), List.of(), List.of(new Node(node, node + ":1", Map.of())));
    }

    private final NodeTable table = new NodeTable();
    private final List<RegistryEvent> events = new ArrayList<>();

    private void batch(Runnable changes) {
        table.beginBatch();
        changes.run();
        table.endBatch(events::add);
    }

    @Test
    void keysOfOneVersionFoldIntoOneRecordWithTheNewestMetadata() {
        table.put("k/a", rec("1", "a", "old"), 1);
        table.put("k/b", rec("1", "b", "new"), 2);
        table.put("k/c", rec("2", "c", "x"), 3);
        assertThat(table.records()).hasSize(2);
        ServiceRecord v1 = table.records().get(0);
        assertThat(v1.nodes()).extracting(Node::id).containsExactly("a", "b");
        assertThat(v1.metadata()).containsEntry("team", "new");
    }

    @Test
    void aBatchEmitsOneEventPerVersionTouched() {
        batch(() -> {
            table.put("k/a", rec("1", "a", "t"), 1);
            table.put("k/b", rec("1", "b", "t"), 1);
        });
        batch(() -> table.remove("k/a"));
        batch(() -> table.remove("k/b"));
        batch(() -> table.remove("k/unknown"));
        assertThat(events)
                .extracting(RegistryEvent::type)
                .containsExactly(RegistryEvent.Type.CREATE, RegistryEvent.Type.UPDATE, RegistryEvent.Type.DELETE);
        assertThat(events.get(0).service().nodes()).hasSize(2);
        assertThat(events.get(2).service().nodes()).isEmpty();
        assertThat(events.get(2).service().version()).isEqualTo("1");
    }

    @Test
    void changesOutsideABatchEmitNothing() {
        table.put("k/a", rec("1", "a", "t"), 1);
        table.endBatch(events::add);
        assertThat(events).isEmpty();
    }
}
