package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId.TaskId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final Workload.Shape SHAPE = new Workload.Shape(300, 3, 100, 256, 7, 5, 4, 20, 42);

    @Test
    void sameSeedSameWorkload() {
        assertEquals(Workload.generate(SHAPE), Workload.generate(SHAPE), "seed 42");
        Workload other = Workload.generate(new Workload.Shape(300, 3, 100, 256, 7, 5, 4, 20, 43));
        assertNotEquals(Workload.generate(SHAPE).readers(), other.readers(), "seeds 42 and 43 drew the same readers");
    }

    @Test
    void theTextIsAScenarioWithEveryTaskTheDriverStarts() {
        Workload w = Workload.generate(SHAPE);
        Scenario sc = ScenarioParser.parse("load.scn", w.text());
        Set<String> booted = new HashSet<>();
        for (TaskDef t : sc.tasks()) {
            if (!t.forked()) {
                booted.add(t.name());
            }
        }
        for (String child : w.held()) {
            assertTrue(sc.task(child).forked(), child + " is a holder's forked child");
            booted.add(child);
        }
        Set<String> deferred = new HashSet<>();
        for (TaskId t : w.deferred()) {
            deferred.add(t.name());
        }
        assertEquals(booted, deferred, "the driver starts exactly the scenario's tasks");
        assertEquals(300, w.readers().size());
        assertEquals(20, w.held().size());
        assertTrue(w.readers().subList(0, 20).stream().allMatch(r -> r.startsWith("rd_hold_")), "holders first");
        assertEquals(7, w.updaters().size());
        assertEquals(5, w.unlinkers().size());
        assertEquals(4, w.pollers().size());
        assertEquals(100, sc.objectCount(bpflife.protocol.IterTarget.TASK));
        assertTrue(w.readers().stream().anyMatch(r -> r.startsWith("rd_fork_")), "no forking reader in 300");
        assertTrue(w.readers().stream().anyMatch(r -> r.startsWith("rd_iter_")), "no ITER_CREATE reader in 300");
    }

    /** An open-model run of 500/s for 60 s is 30,000 sessions: a group of readers over 10,000 is cut into blocks. */
    @Test
    void thirtyThousandReadersOnOnePinParse() {
        Workload w = Workload.generate(new Workload.Shape(30_000, 1, 10, 256, 0, 0, 0, 0, 42));
        Scenario sc = ScenarioParser.parse("load.scn", w.text());
        assertEquals(30_000, w.readers().size());
        for (String r : w.readers()) {
            assertTrue(!sc.task(r).forked(), r);
        }
        assertTrue(w.text().contains("[10001..") , "a group over 10,000 is cut: seed 42");
    }
}
