package bpflife.cluster;

import bpflife.actors.LiveWorld;
import bpflife.persistence.Store;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The worlds a node has objects of (or was told of), by name. */
final class NodeWorlds {
    private final Store store;
    private final ConcurrentHashMap<String, NodeWorld> worlds = new ConcurrentHashMap<>();
    private volatile Shards shards;

    private final String node;

    NodeWorlds(Store store, String node) {
        this.store = store;
        this.node = node;
    }

    void shards(Shards s) {
        shards = s;
    }

    NodeWorld get(String world) {
        return worlds.computeIfAbsent(world, w -> new NodeWorld(w, node, store, shards));
    }

    /** The world's live context here, once the driver has opened it and its creation is read. */
    CompletableFuture<LiveWorld> world(String world) {
        return get(world).ready();
    }

    void flushAll() {
        for (NodeWorld w : worlds.values()) {
            w.flush();
        }
    }

    void close(String world) {
        NodeWorld w = worlds.remove(world);
        if (w != null) {
            w.close();
        }
    }

    java.util.Collection<NodeWorld> all() {
        return worlds.values();
    }
}
