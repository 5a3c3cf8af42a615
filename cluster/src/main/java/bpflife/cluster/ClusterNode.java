package bpflife.cluster;

import bpflife.persistence.Store;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;

/**
 * A node of a cluster ({@code bpflife node}): joins, hosts the objects' shards and the agent
 * drivers talk to, feeds its worlds' steps to their drivers every few milliseconds.
 */
public final class ClusterNode {
    /** How often a node sends its worlds' persisted steps to their drivers. */
    static final Duration FEED_EVERY = Duration.ofMillis(5);

    private final Store store;
    private final NodeWorlds worlds;

    private ClusterNode(Store store) {
        this.store = store;
        this.worlds = new NodeWorlds(store, Cluster.get(Adapter.toClassic(store.system())).selfAddress().hostPort());
    }

    /** Starts a node on {@code store}'s actor system (opened with {@link ClusterConfig#member}). */
    public static ClusterNode start(Store store) {
        ClusterNode n = new ClusterNode(store);
        ActorSystem<Void> system = store.system();
        n.worlds.shards(Shards.host(system, ctx -> ObjectEntity.create(n.worlds, ctx)));
        String name = Cluster.get(Adapter.toClassic(system)).selfAddress().hostPort();
        system.systemActorOf(NodeAgent.create(n.worlds, name), "bpflife-node", Props.empty());
        system.scheduler().scheduleAtFixedRate(FEED_EVERY, FEED_EVERY, n.worlds::flushAll, system.executionContext());
        system.systemActorOf(DriverLoss.watch(n.worlds), "bpflife-node-driver-loss", Props.empty());
        return n;
    }

    /** Completes when this node is Up in the cluster. */
    public static CompletableFuture<Void> up(ActorSystem<?> system) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> f.complete(null));
        return f;
    }

    /** Waits until this member is Up, or throws saying why not. */
    public static void awaitUp(ActorSystem<?> system, Duration timeout) {
        CompletableFuture<Object> upOrDown = CompletableFuture.anyOf(up(system),
                system.getWhenTerminated().toCompletableFuture());
        try {
            upOrDown.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (system.getWhenTerminated().toCompletableFuture().isDone()) {
                // Pekko shuts a node down when the cluster refuses its configuration; the seed names the setting
                com.typesafe.config.Config c = system.settings().config();
                String mine = JournalCompat.KEYS.stream().map(k -> k + "=" + (c.hasPath(k)
                        ? c.getValue(k).unwrapped() : "(unset)")).collect(java.util.stream.Collectors.joining(", "));
                throw new bpflife.protocol.UserError("the cluster refused this node: "
                        + (JournalCompat.REFUSED.isEmpty() ? "its configuration differs from the cluster's (the seed's "
                        + "log names the setting); this node has " + mine : String.join("; ", JournalCompat.REFUSED)));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            boolean tls = system.settings().config().getString("pekko.remote.artery.transport").equals("tls-tcp");
            String why = JournalCompat.REFUSED.isEmpty() ? "no seed answered (is the seed node running?"
                    + (tls ? " With TLS: does the cluster's trust store trust this node's certificate, and this "
                    + "node's the cluster's? Does each certificate name its member's address?)" : ")")
                    : "refused: " + String.join("; ", JournalCompat.REFUSED);
            throw new bpflife.protocol.UserError("did not join the cluster within " + timeout.toSeconds() + " s: " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new bpflife.protocol.UserError("interrupted while joining the cluster");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public Store store() {
        return store;
    }
}
