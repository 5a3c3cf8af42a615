package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The end-of-run check that no channel took more messages than were sent (a recovery's double send). */
class DeliveredTest {
    private static final TaskId SETUP = new TaskId("setup");
    private static final TaskId CAT = new TaskId("cat1");

    private static StepRecord step(ActorId to, ActorId from, long seq, List<StepRecord.Envelope> sent) {
        return new StepRecord(0, to, from, seq, new Msg.Start(new TreeMap<>()), List.of(), List.of(), sent, null);
    }

    @Test
    void eachMessageTakenOnceIsFine() {
        Delivered d = new Delivered();
        d.step(step(SETUP, ActorId.WORLD, 1, List.of(new StepRecord.Envelope(CAT, new Msg.Start(new TreeMap<>())),
                new StepRecord.Envelope(CAT, new Msg.Start(new TreeMap<>())))));
        d.step(step(CAT, SETUP, 1, List.of()));
        d.step(step(CAT, SETUP, 2, List.of()));
        assertNull(d.duplicate());
    }

    @Test
    void aMessageTakenTwiceIsNamed() {
        Delivered d = new Delivered();
        d.step(step(SETUP, ActorId.WORLD, 1, List.of(new StepRecord.Envelope(CAT, new Msg.Start(new TreeMap<>())))));
        d.step(step(CAT, SETUP, 1, List.of()));
        d.step(step(CAT, SETUP, 2, List.of())); // the re-sent copy of #1, taken as #2
        assertEquals("task:setup -> task:cat1 took message #2 (Start) of 1 sent", d.duplicate());
    }

    @Test
    void theWorldsOwnStartTakenTwiceIsNamed() {
        Delivered d = new Delivered();
        d.step(step(SETUP, ActorId.WORLD, 1, List.of()));
        d.step(step(SETUP, ActorId.WORLD, 2, List.of()));
        assertEquals(ActorId.WORLD.key() + " -> task:setup took message #2 (Start) of 1 sent", d.duplicate());
    }
}
