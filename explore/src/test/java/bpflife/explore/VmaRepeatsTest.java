package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.DumpCheck;
import bpflife.model.Env;
import bpflife.model.SeqSession;
import bpflife.model.Semantics;
import bpflife.model.Task;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.Attach;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.SessionTemplate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * D6 (docs/ITERATION-REFS.md, kernel/src/test/resources/kernel-scenarios/task-vma-small-reads.scn):
 * on 6.18 a task_vma dump with a {@code tid} over a task that lives on, read in pieces smaller than
 * the dump, repeats from prev_vm_end after its END line on every read until the task exits. The
 * expected texts are the kernel's shape (measured with the kernel check's driver: END seq=35, then
 * vma 34 seq=35, vma 35 seq=36, vma 34 seq=36, ...), with the model's line lengths.
 */
@DisplayName("D6: a task_vma dump over a live tid task repeats its tail after END")
class VmaRepeatsTest {

    private static Scenario scenario(String link, String read, boolean victimExits) {
        return scenario(3, link, read, victimExits);
    }

    private static Scenario scenario(int vmas, String link, String read, boolean victimExits) {
        return Runs.inline("""
                objects task_vma %d
                task victim:
                    wait %s
                task reader:
                    p = prog load dump_vmas target task_vma
                    l = link create p %s
                    s = iter create l
                    %s
                    signal dumped
                    close s
                    close l
                    close p
                """.formatted(vmas, victimExits ? "started" : "dumped", link,
                victimExits ? "signal started\n    " + read : read));
    }

    /** Every outcome's dump text of reader.s over the exhaustive search. */
    private static List<String> dumps(Scenario sc) {
        ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(sc, Semantics.LINUX), true, 2_000_000, true, null)
                .run();
        assertTrue(o.violations().isEmpty(), () -> o.violations().toString());
        assertTrue(o.stats().complete(), "the search is finite");
        return Outcomes.of(sc, o).outcomes().stream()
                .flatMap(c -> c.outcome().lines().stream().filter(l -> l.startsWith("dump reader.s:"))).sorted().toList();
    }

    private static String line(long seq, int vma) {
        return "dump_vmas session=1 seq=" + seq + " task_vma=" + vma + "\n";
    }

    @Test
    @DisplayName("reads of 64 over a task that lives on: END, then the last read's vmas again, seq going on, twice")
    void repeatsFromTheLastStopAfterEnd() {
        Scenario sc = scenario("tid victim", "read s 64 until eof", false);
        RunResult r = Runs.run(sc, Semantics.LINUX, 1);
        assertTrue(r.clean(), () -> r.violations().toString());
        // the third read started at vma 3 (the second read stopped there): after END it comes back
        // with the END's seq_num, and again with the same seq_num (the first line of a repeat has the
        // seq_num of the line before it)
        String expected = line(0, 1) + line(1, 2) + line(2, 3) + "dump_vmas END session=1 seq=2\n" + line(2, 3)
                + line(2, 3);
        ActorId session = r.dumps().keySet().iterator().next();
        assertEquals(expected, r.dumps().get(session));
        assertFalse(r.eof().contains(session), "the loop stopped at its bound, not at end of file");
        SeqSession.State ss = (SeqSession.State) r.states().get(session);
        assertEquals(Task.REPEATS_READ, ss.repeatedRead());
        assertEquals(List.of("dump reader.s: session 1 dump_vmas 3 objects, END, then 2 again (D6), not read to eof"),
                dumps(sc));
    }

    @Test
    @DisplayName("reads of 1,024 over 40 vmas: the third read shows vmas 28..40 and END; each later read shows them again")
    void theLastReadsVmasAgain() {
        Scenario sc = scenario(40, "tid victim", "read s 1024 until eof", false);
        RunResult r = Runs.run(sc, Semantics.LINUX, 1);
        String dump = r.dumps().values().iterator().next();
        // the first read stops at vma 28 (27 lines of 38 bytes fill 1,024), so prev_vm_end is its end
        StringBuilder once = new StringBuilder();
        for (int v = 28; v <= 40; v++) {
            once.append(line(39 + v - 28, v));
        }
        StringBuilder twice = new StringBuilder();
        for (int v = 28; v <= 40; v++) {
            twice.append(line(51 + v - 28, v));
        }
        assertTrue(dump.endsWith("dump_vmas END session=1 seq=39\n" + once + twice), dump);
    }

    @Test
    @DisplayName("the whole dump in one read never stopped at a vma (prev_vm_end 0): END, then end of file")
    void oneReadHoldingTheDumpEnds() {
        assertEquals(List.of("dump reader.s: session 1 dump_vmas 3 objects, END, eof"),
                dumps(scenario("tid victim", "read s 4096 until eof", false)));
    }

    @Test
    @DisplayName("tid self (the reader's own process, which lives through its dump) repeats as a named task does")
    void tidSelfRepeats() {
        assertEquals(List.of("dump reader.s: session 1 dump_vmas 3 objects, END, then 2 again (D6), not read to eof"),
                dumps(scenario("tid self", "read s 64 until eof", false)));
    }

    @Test
    @DisplayName("pid self and no filter move past the task: END, then end of file")
    void pidAndNoFilterEnd() {
        assertEquals(List.of("dump reader.s: session 1 dump_vmas 3 objects, END, eof"),
                dumps(scenario("pid self", "read s 64 until eof", false)));
        assertEquals(List.of("dump reader.s: session 1 dump_vmas 3 objects, END, eof"),
                dumps(scenario("", "read s 64 until eof", false)));
    }

    @Test
    @DisplayName("the task exiting ends it: after a repeat the next read finds no mm and returns end of file")
    void theTaskExitingEndsTheRepeats() {
        List<String> all = dumps(scenario("tid victim", "read s 64 until eof", true));
        assertTrue(all.contains("dump reader.s: session 1 dump_vmas 3 objects, END, then 1 again (D6), eof"),
                all::toString);
        assertTrue(all.contains("dump reader.s: session 1 dump_vmas 3 objects, END, eof"), all::toString);
        assertTrue(all.contains("dump reader.s: session 1 dump_vmas 3 objects, END, then 2 again (D6), not read to eof"),
                all::toString);
    }

    @Test
    @DisplayName("a dump check accepts D6's tail on a named task's vma walk, and nothing else after END")
    void dumpCheck() {
        Info.ProgInfo prog = new Info.ProgInfo(1, "dump_vmas", IterTarget.TASK_VMA, false, 0);
        SessionTemplate named = new SessionTemplate(new ActorId.LinkId("r", 1), IterTarget.TASK_VMA,
                new Attach(null, 0, null, null, 1001, new ActorId.TaskId("victim")), new ActorId.ProgId("r", 2), prog);
        SessionTemplate all = named.withProg(named.prog(), prog);
        all = new SessionTemplate(all.link(), all.target(), Attach.NONE, all.prog(), prog);
        String complete = line(0, 1) + line(1, 2) + line(2, 3) + "dump_vmas END session=1 seq=2\n";
        assertNull(DumpCheck.problem(complete, named, 1, 3));
        assertNull(DumpCheck.problem(complete + line(2, 3) + line(3, 3) + line(3, 3), named, 1, 3));
        assertNotNull(DumpCheck.problem(complete + line(1, 3), named, 1, 3), "a seq going back");
        assertNotNull(DumpCheck.problem(complete + "dump_vmas END session=1 seq=2\n", named, 1, 3), "a second END");
        assertNotNull(DumpCheck.problem(complete + line(2, 3), all, 1, 3), "no repeat without a named task");
    }

    @Test
    @DisplayName("'dump T.V: repeats after END' holds on a D6 dump, 'complete' does not; both are checked per state")
    void repeatsAfterEndExpectation() {
        Scenario sc = Runs.inline(scenarioText("read s 64 until eof => ok") + """
                expect:
                    dump reader.s: repeats after END
                """);
        bpflife.model.scenario.Expectation.Dump d = (bpflife.model.scenario.Expectation.Dump) sc.expectations().get(0);
        assertTrue(d.repeats());
        assertEquals(List.of("repeats after END"), d.alternatives());
        Outcomes.OutcomeSet set = Outcomes.of(sc, new ExhaustiveSearch(new Env(sc, Semantics.LINUX), true, 2_000_000,
                true, null).run());
        assertTrue(set.pass(), () -> OutcomeText.text(set));
        Scenario complete = Runs.inline(scenarioText("read s 64 until eof") + """
                expect:
                    dump reader.s: complete
                """);
        Outcomes.OutcomeSet fails = Outcomes.of(complete, new ExhaustiveSearch(new Env(complete, Semantics.LINUX), true,
                2_000_000, true, null).run());
        assertEquals("never", fails.expectations().get(0).word());
        bpflife.model.scenario.ScenarioException twice = org.junit.jupiter.api.Assertions.assertThrows(
                bpflife.model.scenario.ScenarioException.class, () -> Runs.inline(scenarioText("read s 64 until eof")
                        + "expect:\n    dump reader.s: repeats after END | repeats after END\n"));
        assertTrue(twice.getMessage().contains("'repeats after END' given twice"), twice.getMessage());
    }

    @Test
    @DisplayName("rows grow only where D6's walk stands somewhere: a whole-dump read writes no new field, a D6 run's rows read back")
    void rowsCarryTheNewFieldsOnlyWhereTheyMatter() throws Exception {
        RunResult whole = Runs.run(scenario("tid victim", "read s 4096 until eof", false), Semantics.LINUX, 1);
        for (bpflife.protocol.StepRecord rec : whole.records()) {
            String line = JournalJson.line(rec);
            assertFalse(line.contains("tidWalk") || line.contains("repeatSeen"), line);
        }
        RunResult d6 = Runs.run(scenario("tid victim", "read s 64 until eof", false), Semantics.LINUX, 1);
        int walks = 0;
        int seen = 0;
        for (bpflife.protocol.StepRecord rec : d6.records()) {
            String line = JournalJson.line(rec);
            walks += line.contains("\"tidWalk\"") ? 1 : 0;
            seen += line.contains("\"repeatSeen\":true") ? 1 : 0;
            assertEquals(rec, JournalJson.parse(line), line);
        }
        assertTrue(walks > 0 && seen == 2 * Task.REPEATS_READ, "the reply and the return of each read that saw a repeat: "
                + walks + " " + seen);
    }

    private static String scenarioText(String read) {
        return """
                objects task_vma 3
                task victim:
                    wait dumped
                task reader:
                    p = prog load dump_vmas target task_vma
                    l = link create p tid victim
                    s = iter create l
                    %s
                    signal dumped
                    close s
                    close l
                    close p
                """.formatted(read);
    }
}
