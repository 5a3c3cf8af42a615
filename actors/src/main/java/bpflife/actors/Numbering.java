package bpflife.actors;

import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A sender's side of numbered messages ({@link Command.Deliver#n}): how many messages this object's
 * recorded steps sent to each receiver. The k-th is the one the receiver records as channelSeq k
 * (Pekko keeps each sender-receiver pair in order, and the receiver takes every message once), so
 * the number needs no journal field: it is rebuilt from the object's own step records when the
 * object recovers (on a new node, after a lost one).
 *
 * <p>Assumptions and guarantees: kept only where a message can be re-sent ({@link
 * Registry#numbersMessages}, a cluster). The counts of receivers that are gone ({@link Gone}) are
 * swept as the receivers' channel numbers are ({@link ObjectBehavior#forgetGone}); a message to a
 * swept receiver (a use after free, under a bug semantics) goes unnumbered, so it is always taken:
 * a number started again from 1 would be dropped as taken already.
 */
final class Numbering {
    private final HashMap<ActorId, Long> sent = new HashMap<>();
    /** The size of {@link #sent} after the last sweep. */
    private int sweptAt = ObjectBehavior.SWEEP_FROM;

    /** The event handler's part: {@code r}'s messages are sent (recorded). */
    void count(StepRecord r) {
        for (StepRecord.Envelope e : r.sent()) {
            sent.merge(e.to(), 1L, Long::sum);
        }
    }

    /**
     * The numbers of {@code r}'s messages, in order, before {@code r} is counted; {@code pending}
     * holds what the earlier steps of the same group commit sent, not counted yet either, and takes
     * {@code r}'s too. 0 for a message to a receiver that is gone and has no count.
     */
    long[] number(StepRecord r, Map<ActorId, Long> pending, Predicate<ActorId> gone) {
        long[] ns = new long[r.sent().size()];
        for (int i = 0; i < ns.length; i++) {
            ActorId to = r.sent().get(i).to();
            Long p = pending.get(to);
            long before = p != null ? p : sent.getOrDefault(to, -1L);
            if (before < 0 && gone.test(to)) {
                ns[i] = 0;
                continue;
            }
            long n = Math.max(before, 0) + 1;
            pending.put(to, n);
            ns[i] = n;
        }
        return ns;
    }

    /** Forgets the counts of gone receivers once {@link #sent} has doubled since the last sweep. */
    void forgetGone(Predicate<ActorId> gone) {
        sweptAt = ObjectBehavior.sweep(sent, sweptAt, gone);
    }
}
