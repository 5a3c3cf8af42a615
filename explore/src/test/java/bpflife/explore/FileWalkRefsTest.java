package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.FilesTable;
import bpflife.model.Invariant;
import bpflife.model.ObjectState;
import bpflife.model.OpenFile;
import bpflife.model.SeqSession;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 6, B8: a task closes an fd and exits while another dumps its files
 * (scenarios/task-closes-fd-during-file-dump.scn, the walk of a task's files table). Under linux
 * every schedule ends with a complete dump of the files the table still had at each lookup (0, 1
 * or 2 of the task's two maps) and no violation; under bug-B8 the exhaustive search finds the
 * plain get_file() of a file the close put to zero, and its schedule replays to it.
 */
@DisplayName("references taken during iteration: a task closing an fd during a dump of its files")
class FileWalkRefsTest {

    private static final Scenario SC = Runs.parse(Runs.SCENARIOS.resolve("task-closes-fd-during-file-dump.scn"));

    @Test
    @DisplayName("linux: no violation; the dump shows 0, 1 or 2 files, every file is freed and the table detached")
    void linuxShowsWholeFilesOrSkipsThem() {
        ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(SC, Semantics.LINUX), true, 20_000_000, true, null).run();
        assertTrue(o.violations().isEmpty(), () -> o.violations().toString());
        TreeSet<Integer> shown = new TreeSet<>();
        for (WorldKey w : o.finalStates()) {
            for (ObjectState s : w.objects().values()) {
                if (s instanceof SeqSession.State ss) {
                    assertTrue(ss.ended(), "the dump reached its END line");
                    shown.add(ss.shown());
                }
                if (s instanceof OpenFile.State f) {
                    assertTrue(f.freed(), f.self() + " is freed at the end");
                }
                if (s instanceof FilesTable.State t) {
                    assertEquals(FilesTable.Phase.DETACHED, t.phase(), "exit_files detached the table");
                    assertTrue(t.slots().isEmpty(), "every slot was cleared");
                }
            }
        }
        // 0: the task exited before the first lookup; 1: the close (or the exit) came between two
        // reads, or before the first; 2: the first read found both maps
        assertEquals(new TreeSet<>(java.util.List.of(0, 1, 2)), shown);
    }

    @Test
    @DisplayName("bug-B8: the exhaustive search finds the revived file, and its schedule replays to it")
    void bugB8IsFoundAndReplays() {
        Env env = new Env(SC, Semantics.byName("bug-B8"));
        Explorer.Summary s = new Explorer(env, new Explorer.Options(Explorer.Strategy.EXHAUSTIVE, 0, 100_000, 0, 0,
                20_000_000), null).run();
        assertNotNull(s.found(), "bug-B8 not found");
        Violation v = s.found().run().violations().get(0);
        assertEquals(Invariant.USE_AFTER_FREE, v.invariant());
        assertTrue(v.toString().contains("revived"), v::toString);
        RunResult again = new Explorer(env, new Explorer.Options(Explorer.Strategy.PORTFOLIO, 1, 100_000, 0, 1, 0),
                null).replay(s.found().schedule());
        assertEquals(v, again.violations().get(0), "the schedule replays to the same violation");
    }
}
