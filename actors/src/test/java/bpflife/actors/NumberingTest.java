package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A sender's numbering of its messages per receiver ({@link Numbering}), without actors. */
@DisplayName("a sender's message numbers")
class NumberingTest {
    private static final ActorId ME = ActorId.PROG_IDR;
    private static final Predicate<ActorId> NONE_GONE = a -> false;

    private static StepRecord sending(ActorId... to) {
        List<StepRecord.Envelope> sent = new ArrayList<>();
        for (ActorId t : to) {
            sent.add(new StepRecord.Envelope(t, new Msg.Get(ME)));
        }
        return new StepRecord(0, ME, new TaskId("x"), 1, new Msg.Get(ME), List.of(), List.of(), sent, null);
    }

    @Test
    @DisplayName("each receiver's messages numbered from 1, across the steps of one group commit and after them")
    void perReceiverAcrossAGroupCommit() {
        Numbering n = new Numbering();
        TaskId a = new TaskId("a");
        TaskId b = new TaskId("b");
        StepRecord s1 = sending(a, b, a);
        StepRecord s2 = sending(b, a);
        HashMap<ActorId, Long> pending = new HashMap<>();
        assertArrayEquals(new long[] {1, 1, 2}, n.number(s1, pending, NONE_GONE));
        assertArrayEquals(new long[] {2, 3}, n.number(s2, pending, NONE_GONE), "the batch's earlier step counted");
        n.count(s1); // the event handler, once persisted
        n.count(s2);
        assertArrayEquals(new long[] {4, 3}, n.number(sending(a, b), new HashMap<>(), NONE_GONE));
    }

    @Test
    @DisplayName("a receiver that is gone and has no count (swept) gets unnumbered messages; one still counted goes on")
    void sweptReceiverUnnumbered() {
        Numbering n = new Numbering();
        List<TaskId> many = new ArrayList<>();
        for (int i = 0; i < 2 * ObjectBehavior.SWEEP_FROM; i++) {
            many.add(new TaskId("t" + i));
        }
        n.count(sending(many.toArray(ActorId[]::new)));
        TaskId kept = many.get(7);
        Predicate<ActorId> gone = a -> !a.equals(kept);
        assertArrayEquals(new long[] {2, 2}, n.number(sending(many.get(3), kept), new HashMap<>(), gone),
                "not swept yet: numbered on, gone or not");
        n.forgetGone(gone);
        assertArrayEquals(new long[] {0, 2, 0}, n.number(sending(many.get(3), kept, new TaskId("new")),
                new HashMap<>(), gone), "swept and gone: 0, always taken (numbered 1 again it would be dropped)");
    }
}
