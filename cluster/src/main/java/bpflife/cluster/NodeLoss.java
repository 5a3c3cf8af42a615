package bpflife.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The driver's watch over the nodes: a node found unreachable starts each world's recovery (its
 * commands held everywhere); its removal (the split-brain resolver downed it, its shards move)
 * lets the recovery go on.
 */
final class NodeLoss {
    private NodeLoss() {}

    static Behavior<ClusterEvent.MemberEvent> watch(ClusterDriver driver) {
        return Behaviors.setup(ctx -> {
            Cluster c = Cluster.get(ctx.getSystem());
            org.apache.pekko.cluster.Cluster classic =
                    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(ctx.getSystem()));
            ctx.getLog().debug("watching the nodes");
            Behavior<ClusterEvent.MemberEvent> b = Behaviors.receive(ClusterEvent.MemberEvent.class)
                    .onMessage(ClusterEvent.MemberRemoved.class, r -> {
                        // the last publish of a cluster that shuts down removes every member, this driver's
                        // own removal maybe after the others': that is this driver leaving, not node loss
                        if (r.member().address().equals(c.selfMember().address()) || classic.isTerminated()) {
                            driver.lost.leaving();
                        }
                        driver.lost.back(r.member().address().hostPort());
                        if (r.member().hasRole(ClusterConfig.NODE) && selfUp(c) && !driver.lost.isLeaving()) {
                            for (DriverWorld w : driver.worlds()) {
                                w.nodeRemoved(r.member().address().hostPort());
                            }
                        }
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> {
                        if (m.member().address().equals(c.selfMember().address())
                                && (m instanceof ClusterEvent.MemberDowned || m instanceof ClusterEvent.MemberLeft
                                        || m instanceof ClusterEvent.MemberExited)) {
                            driver.lost.leaving();
                        }
                        return Behaviors.same();
                    })
                    .build();
            c.subscriptions().tell(Subscribe.create(ctx.getSelf(), ClusterEvent.MemberEvent.class));
            ctx.spawn(unreachable(driver), "unreachable");
            return b;
        });
    }

    /**
     * Whether this driver is still a member that is up: a driver that leaves (or is downed) sees every
     * node removed, which is not the nodes' loss (its worlds stop: {@link ClusterDriver}).
     */
    private static boolean selfUp(Cluster c) {
        return c.selfMember().status().equals(org.apache.pekko.cluster.MemberStatus.up());
    }

    private static Behavior<ClusterEvent.ReachabilityEvent> unreachable(ClusterDriver driver) {
        return Behaviors.setup(ctx -> {
            Cluster.get(ctx.getSystem()).subscriptions()
                    .tell(Subscribe.create(ctx.getSelf(), ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receive(ClusterEvent.ReachabilityEvent.class)
                    .onMessage(ClusterEvent.ReachableMember.class, u -> {
                        driver.lost.back(u.member().address().hostPort());
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.UnreachableMember.class, u -> {
                        if (u.member().hasRole(ClusterConfig.NODE)) {
                            driver.lost.unreachable(u.member().address().hostPort());
                        }
                        if (u.member().hasRole(ClusterConfig.NODE) && selfUp(Cluster.get(ctx.getSystem()))) {
                            for (DriverWorld w : driver.worlds()) {
                                w.nodeUnreachable(u.member().address().hostPort());
                            }
                        }
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        });
    }
}
