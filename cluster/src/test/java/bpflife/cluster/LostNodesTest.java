package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nodes a downed driver names. CI once printed "this driver left the cluster (removed: the
 * split-brain resolver ...)" with no node: the last publish of the driver's shutting-down cluster
 * removed every member, and the watch took those removals for the nodes' own before the driver's
 * removal callback read the list.
 */
class LostNodesTest {

    @Test
    void aNodeRemovedOrReachableAgainIsNotLostWhileTheDriverIsUp() {
        LostNodes lost = new LostNodes();
        lost.unreachable("127.0.0.1:2552");
        lost.unreachable("127.0.0.1:2553");
        lost.back("127.0.0.1:2552");
        assertEquals(List.of("127.0.0.1:2553"), lost.sorted());
        lost.back("127.0.0.1:2553");
        assertTrue(lost.none());
    }

    @Test
    void theRemovalsOfADriversOwnShutdownLeaveTheListAsItWas() {
        LostNodes lost = new LostNodes();
        lost.unreachable("127.0.0.1:2553");
        lost.unreachable("127.0.0.1:2552");
        lost.leaving(); // downed by the split-brain resolver
        lost.back("127.0.0.1:2552"); // the last publish: every member removed
        lost.back("127.0.0.1:2553");
        assertEquals(List.of("127.0.0.1:2552", "127.0.0.1:2553"), lost.sorted());
    }
}
