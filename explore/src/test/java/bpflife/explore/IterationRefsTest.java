package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Invariant;
import bpflife.model.Mm;
import bpflife.model.ObjectState;
import bpflife.model.SeqSession;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 6: a task exits while another dumps its vmas (scenarios/task-exits-during-vma-dump.scn).
 * Under linux every schedule ends with a prefix of the vmas and an END line, as measured on 6.18
 * (bench/iter-refs: END seq=1 after one vma shown when the exit falls between two reads); under
 * bug-B6 the exhaustive search finds the walk of torn-down vmas and its schedule replays to it.
 */
@DisplayName("references taken during iteration: a task exiting during a dump of its vmas")
class IterationRefsTest {

    private static final Scenario SC = Runs.parse(Runs.SCENARIOS.resolve("task-exits-during-vma-dump.scn"));

    @Test
    @DisplayName("linux: every terminal state has a complete dump of 0, 1 or 2 vmas, the END counting a fetched one")
    void linuxTruncatesAtAReadBoundary() {
        ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(SC, Semantics.LINUX), true, 20_000_000, true, null).run();
        assertTrue(o.violations().isEmpty(), () -> o.violations().toString());
        TreeMap<Integer, Long> endSeqByShown = new TreeMap<>();
        for (WorldKey w : o.finalStates()) {
            for (ObjectState s : w.objects().values()) {
                if (s instanceof SeqSession.State ss) {
                    assertTrue(ss.ended(), "the dump reached its END line");
                    endSeqByShown.put(ss.shown(), ss.seqNum());
                }
                if (s instanceof Mm.State mm) {
                    assertEquals(Mm.Phase.TORN_DOWN, mm.phase(), "the mm is gone at the end");
                }
            }
        }
        // 0 vmas: the task exited before the first read; 1: after one 16-byte read filled with
        // the first vma (the second was fetched: END seq=1); 2: before the task exited
        assertEquals(new TreeMap<>(java.util.Map.of(0, 0L, 1, 1L, 2, 1L)), endSeqByShown);
    }

    @Test
    @DisplayName("bug-B6: the exhaustive search finds the vmas walked after the exit tore them down, and replays it")
    void bugB6IsFoundAndReplays() {
        Env env = new Env(SC, Semantics.byName("bug-B6"));
        Explorer.Summary s = new Explorer(env, new Explorer.Options(Explorer.Strategy.EXHAUSTIVE, 0, 100_000, 0, 0,
                20_000_000), null).run();
        assertNotNull(s.found(), "bug-B6 not found");
        Violation v = s.found().run().violations().get(0);
        assertEquals(Invariant.USE_AFTER_FREE, v.invariant());
        RunResult again = new Explorer(env, new Explorer.Options(Explorer.Strategy.PORTFOLIO, 1, 100_000, 0, 1, 0),
                null).replay(s.found().schedule());
        assertEquals(v, again.violations().get(0), "the schedule replays to the same violation");
    }
}
