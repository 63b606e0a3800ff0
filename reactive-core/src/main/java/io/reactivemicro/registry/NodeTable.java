package io.reactivemicro.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The backend's one-entry-per-node layout folded back into one record per version, as {@link
 * io.reactivemicro.registry.Registry} promises: the newest entry of a version gives its metadata and endpoints,
 * every entry gives one node. Watchers keep one and turn a batch of key changes into record events. Not
 * thread-safe: the owner synchronizes. For registry plugins that store one entry per node (etcd, NATS, mDNS).
 */
public final class NodeTable {

    /** One stored node: the record it was registered with (holding just that node) and its revision. */
    public record Entry(ServiceRecord record, long revision) {}

    private final Map<String, Map<String, Entry>> versions = new LinkedHashMap<>();
    private @org.jspecify.annotations.Nullable Map<String, Optional<ServiceRecord>> batch;

    public static String versionKey(ServiceRecord record) {
        return record.name() + '\u0000' + record.version();
    }

    /** Starts a batch of changes whose events {@link #endBatch(Consumer)} emits, one per version touched. */
    public void beginBatch() {
        batch = new LinkedHashMap<>();
    }

    public void put(String nodeKey, ServiceRecord record, long revision) {
        String vk = versionKey(record);
        touch(vk);
        versions.computeIfAbsent(vk, k -> new LinkedHashMap<>()).put(nodeKey, new Entry(record, revision));
    }

    /** Removes the node stored under {@code nodeKey}, wherever it is; false when it was not there. */
    public boolean remove(String nodeKey) {
        for (Map.Entry<String, Map<String, Entry>> v : versions.entrySet()) {
            if (v.getValue().containsKey(nodeKey)) {
                String vk = v.getKey();
                touch(vk);
                v.getValue().remove(nodeKey);
                if (v.getValue().isEmpty()) {
                    versions.remove(vk);
                }
                return true;
            }
        }
        return false;
    }

    /** Every node key with its entry, for expiry sweeps and resynchronisation. */
    public Map<String, Entry> entries() {
        Map<String, Entry> all = new LinkedHashMap<>();
        versions.values().forEach(all::putAll);
        return all;
    }

    public void endBatch(Consumer<RegistryEvent> emit) {
        Map<String, Optional<ServiceRecord>> before = batch;
        batch = null;
        if (before == null) {
            return;
        }
        before.forEach((vk, was) -> {
            Optional<ServiceRecord> now = merged(vk);
            if (was.isEmpty() && now.isPresent()) {
                emit.accept(new RegistryEvent(RegistryEvent.Type.CREATE, now.get()));
            } else if (was.isPresent() && now.isPresent()) {
                emit.accept(new RegistryEvent(RegistryEvent.Type.UPDATE, now.get()));
            } else if (was.isPresent()) {
                emit.accept(
                        new RegistryEvent(RegistryEvent.Type.DELETE, was.get().withNodes(List.of())));
            }
        });
    }

    public List<ServiceRecord> records() {
        List<ServiceRecord> out = new ArrayList<>(versions.size());
        versions.keySet().forEach(vk -> merged(vk).ifPresent(out::add));
        return List.copyOf(out);
    }

    private void touch(String vk) {
        if (batch != null && !batch.containsKey(vk)) {
            batch.put(vk, merged(vk));
        }
    }

    private Optional<ServiceRecord> merged(String vk) {
        Map<String, Entry> nodes = versions.get(vk);
        if (nodes == null || nodes.isEmpty()) {
            return Optional.empty();
        }
        Entry newest = null;
        List<Node> list = new ArrayList<>(nodes.size());
        for (Entry e : nodes.values()) {
            if (newest == null || e.revision() > newest.revision()) {
                newest = e;
            }
            list.addAll(e.record().nodes());
        }
        return Optional.of(newest.record().withNodes(list));
    }
}
