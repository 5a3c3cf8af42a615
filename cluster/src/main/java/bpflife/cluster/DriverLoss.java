package bpflife.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A node's watch over the drivers: a driver removed from the cluster (killed and downed by the
 * split-brain resolver, or gone without closing its worlds) leaves worlds nobody will finish or
 * check. Each such world is closed here: its objects passivated (a message still on its way makes
 * an entity that waits for a driver that never comes, and holds nothing else), one line said. The
 * journal keeps every step persisted; the world stays "running" in {@code bpflife worlds} (no
 * member marks it: its driver did) and replays as a prefix.
 */
final class DriverLoss {
    private DriverLoss() {}

    static Behavior<ClusterEvent.MemberRemoved> watch(NodeWorlds worlds) {
        return Behaviors.setup(ctx -> {
            Cluster.get(ctx.getSystem()).subscriptions()
                    .tell(Subscribe.create(ctx.getSelf(), ClusterEvent.MemberRemoved.class));
            return Behaviors.receive(ClusterEvent.MemberRemoved.class)
                    .onMessage(ClusterEvent.MemberRemoved.class, r -> {
                        if (r.member().hasRole(ClusterConfig.DRIVER)) {
                            String driver = r.member().address().hostPort();
                            for (NodeWorld w : java.util.List.copyOf(worlds.all())) {
                                if (w.drivenBy(driver)) {
                                    System.err.println(lost(w.name, driver, w.steps()));
                                    System.err.flush();
                                    worlds.close(w.name);
                                }
                            }
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** The line a node prints when a world's driver is lost. */
    static String lost(String world, String driver, long steps) {
        return "bpflife node: world " + world + " lost its driver " + driver + ": stopped here after " + steps
                + " steps persisted here; the journal keeps every step (the world stays 'running': "
                + "replay --world checks it as a prefix)";
    }
}
