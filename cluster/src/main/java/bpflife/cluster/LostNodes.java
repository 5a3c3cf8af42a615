package bpflife.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes a driver finds unreachable and that are not removed yet: what a downed driver's line
 * names, and what a recovery waits on. Once the driver is seen leaving, the list stays as it was.
 * A driver whose cluster shuts down is told every member was removed (Pekko's last publish, after
 * the cluster is marked terminated), possibly before its removal callback reads this list: those
 * removals would empty it (a CI run once printed "removed: the split-brain resolver ..." with no node).
 */
final class LostNodes {
    private final Set<String> nodes = ConcurrentHashMap.newKeySet();
    private volatile boolean leaving;

    void unreachable(String hostPort) {
        nodes.add(hostPort);
    }

    /** Reachable again, or removed from the cluster: not lost any more, unless this driver is leaving. */
    void back(String hostPort) {
        if (!leaving) {
            nodes.remove(hostPort);
        }
    }

    /** This driver is down, leaving or out: what it could not reach stays as it was. */
    void leaving() {
        leaving = true;
    }

    boolean isLeaving() {
        return leaving;
    }

    boolean none() {
        return nodes.isEmpty();
    }

    List<String> sorted() {
        return nodes.stream().sorted().toList();
    }
}
