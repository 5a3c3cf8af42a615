package bpflife.cluster;

import bpflife.actors.LiveWorld;
import bpflife.actors.Registries;
import bpflife.persistence.Store;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A member of a cluster that drives worlds and hosts none of their objects ({@code load
 * --cluster}): every world made on its actor system from now on gets a {@link ShardedRegistry}
 * (through {@link Registries}), and is opened on every node.
 */
public final class ClusterDriver {
    final Store store;
    final Shards shards;
    private final AtomicReference<List<ActorRef<Wire>>> agents = new AtomicReference<>(List.of());
    private final CopyOnWriteArrayList<DriverWorld> worlds = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> someNode = new CompletableFuture<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Recovery> ended = new java.util.concurrent.ConcurrentHashMap<>();
    /** The nodes found unreachable and not removed yet (NodeLoss keeps it), for the line of a downed driver. */
    final LostNodes lost = new LostNodes();

    private ClusterDriver(Store store) {
        this.store = store;
        this.shards = Shards.proxy(store.system());
    }

    /**
     * Joins the cluster with {@code store}'s system (opened with {@link ClusterConfig#member}), waits
     * until it is Up and at least {@code nodes} nodes are, and installs the sharded registry.
     */
    public static ClusterDriver join(Store store, int nodes, Duration timeout) {
        ActorSystem<Void> system = store.system();
        ClusterNode.awaitUp(system, timeout);
        ClusterDriver d = new ClusterDriver(store);
        system.systemActorOf(d.listing(nodes), "bpflife-driver-listing", Props.empty());
        try {
            d.someNode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new bpflife.protocol.UserError("the cluster has " + d.agents().size() + " of the " + nodes
                    + " nodes asked for after " + timeout.toSeconds() + " s (start them with bpflife node)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Registries.install(system, w -> d.open(w).registry);
        // downed (it could reach no majority of the nodes) or left: its worlds cannot go on
        org.apache.pekko.cluster.Cluster.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system))
                .registerOnMemberRemoved(d::removed);
        system.systemActorOf(NodeLoss.watch(d), "bpflife-driver-node-loss", Props.empty());
        return d;
    }

    private Behavior<Receptionist.Listing> listing(int nodes) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY, ctx.getSelf()));
            return Behaviors.receive(Receptionist.Listing.class).onMessage(Receptionist.Listing.class, l -> {
                Set<ActorRef<Wire>> now = l.getServiceInstances(NodeAgent.KEY);
                List<ActorRef<Wire>> before = agents.get();
                List<ActorRef<Wire>> list = now.stream()
                        .sorted(java.util.Comparator.comparing(a -> a.path().toString())).toList();
                agents.set(list);
                List<ActorRef<Wire>> added = list.stream().filter(a -> !before.contains(a)).toList();
                for (DriverWorld w : worlds) {
                    for (ActorRef<Wire> a : added) {
                        a.tell(new Wire.OpenWorld(w.name(), w.feedRef(), ctx.getSystem().ignoreRef()));
                    }
                }
                if (list.size() >= nodes) {
                    someNode.complete(null);
                }
                for (var w : waiting.entrySet()) {
                    if (list.size() >= w.getKey()) {
                        w.getValue().complete(null);
                    }
                }
                return Behaviors.same();
            }).build();
        });
    }

    private DriverWorld open(LiveWorld w) {
        DriverWorld d = new DriverWorld(this, w);
        worlds.add(d);
        return d;
    }

    /** This driver is out of the cluster: every world it drives stops as failed, saying why. */
    private void removed() {
        // which nodes this driver could not reach when it was removed (two of three: docs/CLUSTER.md)
        List<String> unreachable = lost.sorted();
        String why = "removed: " + (unreachable.isEmpty() ? ""
                : (unreachable.size() == 1 ? "node " : "nodes ") + String.join(", ", unreachable) + " unreachable; ")
                + "the split-brain resolver downs a driver that can reach no majority of the nodes";
        for (DriverWorld w : worlds) {
            w.world.failed("this driver left the cluster (" + why + "): world " + w.name() + " stopped after "
                    + w.world.steps() + " durable steps", "the driver left the cluster");
        }
    }

    void forget(DriverWorld w) {
        worlds.remove(w);
        ended.put(w.name(), w.recovery);
    }

    /** The recoveries of world {@code name} (open or over), in order; empty when no node was lost. */
    List<Recovery.Done> recoveries(String name) {
        for (DriverWorld w : worlds) {
            if (w.name().equals(name)) {
                return w.recovery.done();
            }
        }
        Recovery r = ended.get(name);
        return r == null ? List.of() : r.done();
    }

    /** What the driver knows of world {@code name}'s steps (null if it never drove it). */
    Recovery steps(String name) {
        for (DriverWorld w : worlds) {
            if (w.name().equals(name)) {
                return w.recovery;
            }
        }
        return ended.get(name);
    }

    List<DriverWorld> worlds() {
        return List.copyOf(worlds);
    }

    private volatile java.util.function.Consumer<Recovery.Done> onRecovered = d -> { };

    /** Told after each recovery from a lost node (the CLI prints it). */
    public void onRecovered(java.util.function.Consumer<Recovery.Done> c) {
        onRecovered = c;
    }

    void recovered(Recovery.Done d) {
        onRecovered.accept(d);
    }

    private final java.util.concurrent.ConcurrentHashMap<Integer, CompletableFuture<Void>> waiting =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Completes once the driver knows of {@code n} nodes (a node that joins later: a test's spare). */
    CompletableFuture<Void> nodesUp(int n) {
        CompletableFuture<Void> f = waiting.computeIfAbsent(n, k -> new CompletableFuture<>());
        if (agents().size() >= n) {
            f.complete(null);
        }
        return f;
    }

    /** The nodes' agents now, in a fixed order. */
    List<ActorRef<Wire>> agents() {
        return agents.get();
    }

    /** How many nodes the cluster has now. */
    public int nodes() {
        return agents().size();
    }
}
