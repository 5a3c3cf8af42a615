package bpflife.cluster;

import bpflife.protocol.StepRecord;
import java.util.BitSet;
import java.util.HashMap;

/**
 * What the driver knows of a world's steps (every step a node fed it: acknowledged, so it must be
 * in the journal) and, when a node is lost, the recovery: hold every command, wait until nothing
 * moves, re-send from the journal what the lost node took with it, let everything go.
 */
final class Recovery {
    private final DriverWorld world;
    private final ClusterDriver driver;
    /** Acknowledged steps: per channel "receiver<sender", the channel numbers fed. */
    private final HashMap<String, BitSet> acked = new HashMap<>();
    private long ackedCount;
    private volatile boolean running;

    Recovery(DriverWorld world, ClusterDriver driver) {
        this.world = world;
        this.driver = driver;
    }

    synchronized void acknowledged(StepRecord r) {
        String ch = r.receiver().key() + "<" + r.sender().key();
        acked.computeIfAbsent(ch, k -> new BitSet()).set((int) r.channelSeq());
        ackedCount++;
    }

    synchronized boolean wasAcknowledged(StepRecord r) {
        BitSet b = acked.get(r.receiver().key() + "<" + r.sender().key());
        return b != null && b.get((int) r.channelSeq());
    }

    synchronized long acknowledgedCount() {
        return ackedCount;
    }

    void unreachable(String node) {
    }

    void removed(String node) {
    }

    boolean running() {
        return running;
    }
}
