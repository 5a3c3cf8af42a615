package bpflife.cluster;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;

/**
 * Why a member's actor system ended, when the split-brain resolver downed it: the side it was on
 * had no majority of the nodes (keep-majority over role {@value ClusterConfig#NODE}; a tie is kept by
 * the side with the node of the lowest address). With 3 nodes that is losing 2 of them: the last
 * node and every driver down themselves (docs/CLUSTER.md, "Losing a second node"). The nodes it could
 * not reach are read when it is removed, while the cluster's last view is still there.
 */
final class Downed {
    private final ActorSystem<?> system;
    private final AtomicReference<String> view = new AtomicReference<>("");

    private Downed(ActorSystem<?> system) {
        this.system = system;
    }

    /** Watches {@code system}'s member from now on. */
    static Downed watch(ActorSystem<?> system) {
        Downed d = new Downed(system);
        Cluster c = Cluster.get(Adapter.toClassic(system));
        c.registerOnMemberRemoved(() -> d.view.compareAndSet("", view(c)));
        return d;
    }

    /** "it reached 1 of the 3 nodes (unreachable: H:P, H:P)", from the cluster's view now; "" if it has none. */
    static String view(Cluster c) {
        List<String> nodes = java.util.stream.StreamSupport.stream(c.state().getMembers().spliterator(), false)
                .filter(m -> m.hasRole(ClusterConfig.NODE)).map(m -> m.address().hostPort()).sorted().toList();
        List<String> lost = c.state().getUnreachable().stream().filter(m -> m.hasRole(ClusterConfig.NODE))
                .map(Member::address).map(a -> a.hostPort()).sorted().toList();
        if (nodes.isEmpty()) {
            return "";
        }
        return "it reached " + (nodes.size() - lost.size()) + " of the " + nodes.size() + " nodes"
                + (lost.isEmpty() ? "" : " (unreachable: " + String.join(", ", lost) + ")");
    }

    /** Whether the cluster downed this member (not a leave, a Ctrl-C or a refused join). */
    boolean downed() {
        return downed(system);
    }

    static boolean downed(ActorSystem<?> system) {
        return CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason()
                .filter(r -> r.equals(CoordinatedShutdown.clusterDowningReason())).isPresent();
    }

    /** What a node says when it was downed, or null if it was not. */
    String nodeLine() {
        if (!downed()) {
            return null;
        }
        String v = view.get();
        return "this node was downed by the split-brain resolver" + (v.isEmpty() ? "" : ": " + v)
                + ": its side of the cluster had no majority of the nodes (a tie keeps the side with the lowest "
                + "address); every world it served stops (its driver is downed too, or recovers on the other side); "
                + "the journal keeps every persisted step";
    }
}
