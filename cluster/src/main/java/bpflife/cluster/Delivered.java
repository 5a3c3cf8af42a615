package bpflife.cluster;

import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.HashMap;

/**
 * The end-of-run check that no channel took more messages than its sender sent: in a correct run a
 * receiver takes each message once, so on every channel (sender to receiver) the messages taken never
 * outnumber the messages the sender's recorded steps sent (the world's own first message, setup's
 * start, counted as sent once). A recovery re-sends messages whose original may only be late; numbered
 * messages make the receiver take one of the two (docs/CLUSTER.md, "Re-sending"), and where they
 * cannot (a swept channel number, a gap) the receiver takes both: this check names the channel,
 * exactly, over the whole journal (the load's replay check samples only its first steps).
 */
final class Delivered {
    private final HashMap<String, long[]> channels = new HashMap<>();
    private String first;

    Delivered() {
        sent(ActorId.WORLD, bpflife.model.world.Boot.firstTask());
    }

    /** Folds one step, in the journal's order. */
    void step(StepRecord r) {
        ActorId me = r.receiver();
        long[] c = channels.computeIfAbsent(key(r.sender(), me), k -> new long[2]);
        c[1]++;
        if (c[1] > c[0] && first == null) {
            first = r.sender().key() + " -> " + me.key() + " took message #" + r.channelSeq() + " ("
                    + r.message().getClass().getSimpleName() + ") of " + c[0] + " sent";
        }
        for (StepRecord.Envelope e : r.sent()) {
            sent(me, e.to());
        }
    }

    private void sent(ActorId from, ActorId to) {
        channels.computeIfAbsent(key(from, to), k -> new long[2])[0]++;
    }

    private static String key(ActorId from, ActorId to) {
        return from.key() + ">" + to.key();
    }

    /** Null if no channel took more than was sent; else the first that did, in words. */
    String duplicate() {
        return first;
    }
}
