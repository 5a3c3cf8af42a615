package bpflife.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Invariant;
import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the world: boot, invariants at rest, the audit's fold")
class WorldTest {
    private static final Scenario SC = ScenarioParser.parse("world-test.scn", """
            scenario world-test

            setup:
                mkdir /sys/fs/bpf/x

            task a:
                mkdir /sys/fs/bpf/y
            """);

    @Test
    @DisplayName("a world boots the kernel's singletons, then setup, then the scenario's tasks")
    void bootOrder() {
        List<ActorId> ids = Boot.objects(SC).stream().map(ObjectState::self).toList();
        assertEquals(List.of(ActorId.PROG_IDR, ActorId.LINK_IDR, ActorId.MAP_IDR, ActorId.SESSION_COUNTER,
                ActorId.BPFFS, ActorId.CGROUPFS, ActorId.SYNC, new TaskId("setup"), new TaskId("a")), ids);
        assertNull(Boot.initial(ActorId.WORLD), "the world itself is no object");
        assertEquals(new TaskId("setup"), Boot.firstTask());
    }

    @Test
    @DisplayName("a booted world nobody starts is stuck at quiescence, and balances and lists right at rest")
    void bootedWorldAtRest() {
        World w = new World();
        w.boot(SC);
        Breach b = w.quiescence();
        assertEquals(Invariant.STUCK, b.invariant());
        assertEquals(new TaskId("setup"), b.object(), "the first task that did not exit");
        assertTrue(Invariants.unbalancedAtRest(w.states()).isEmpty());
        assertTrue(Invariants.listedWrong(w.states()).isEmpty());
        assertTrue(Invariants.leaked(w.states().keySet(), w::state).isEmpty());
    }

    @Test
    @DisplayName("a message to a freed object is a use after free unless it frees again")
    void freePath() {
        Breach b = Invariants.freePath(ActorId.BPFFS, new TaskId("a"), Boot.start());
        assertEquals(Invariant.USE_AFTER_FREE, b.invariant());
        assertEquals(ActorId.BPFFS, b.object());
    }

    @Test
    @DisplayName("the audit's fold over no steps gives the booted world")
    void statesBeforeTheFirstStep() {
        Projection.StatesAt at = Projection.statesAt(SC, Collections.emptyIterator(), 0);
        assertEquals(Boot.objects(SC), List.copyOf(at.states().values()));
        assertEquals(0, at.lastStep());
        assertTrue(at.ranOut());
    }
}
