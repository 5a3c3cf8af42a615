package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.Choice;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("shipped scenarios under linux")
class ShippedScenariosTest {
    static final int SEEDS = 200;

    static List<Path> scenarios() {
        return Runs.shipped();
    }

    @Test
    @DisplayName("twenty-five scenarios are shipped in scenarios/, rm-during-cats.scn, issue 14 item 5's four, task-pidns, B8's and the prog's maps' among them")
    void twentyFiveAreShipped() {
        assertEquals(25, scenarios().size());
        for (String s : new String[] {"task-pid-filters.scn", "cgroup-by-id.scn", "iter-fd-io.scn", "prog-ret-1.scn",
            "task-pidns.scn", "task-closes-fd-during-file-dump.scn", "prog-holds-its-maps.scn"}) {
            assertTrue(scenarios().contains(Runs.SCENARIOS.resolve(s)), s);
        }
        assertTrue(scenarios().contains(Runs.SCENARIOS.resolve("rm-during-cats.scn")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("every invariant and every Linux expectation holds for 200 seeds")
    void holdsForEverySeed(Path file) {
        Scenario sc = Runs.parse(file);
        assertFalse(sc.expectations().isEmpty() && sc.tasks().stream().allMatch(t -> t.body().stream()
                .allMatch(s -> s.expect() == null)), file + " states no Linux expectation");
        Set<List<Choice>> schedules = new HashSet<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            RunResult r = Runs.run(sc, Semantics.LINUX, seed);
            assertTrue(Report.of(r).pass(), Runs.why(r, seed));
            assertTrue(r.quiescent() && r.steps() > 0, Runs.why(r, seed));
            schedules.add(r.records().stream().map(Choice::of).toList());
        }
        // the seeds must reach more than one interleaving, or "holds for 200 seeds" checked one run
        if (sc.tasks().size() > 1) {
            assertTrue(schedules.size() > 1, file + ": all " + SEEDS + " seeds gave the same schedule");
        }
    }

    @Test
    @DisplayName("rm during cats: across seeds the cats see both Linux outcomes, a complete dump and ENOENT")
    void catsSeeBothOutcomes() {
        // uniform random scheduling rarely delays a cat's lookup past the rm (4 in 6000 cat runs):
        // the first 3000 seeds hold both outcomes
        Scenario sc = Runs.parse(Runs.SCENARIOS.resolve("rm-during-cats.scn"));
        TreeSet<String> outcomes = new TreeSet<>();
        for (long seed = 1; seed <= 3000 && outcomes.size() < 2; seed++) {
            Report rep = Report.of(Runs.run(sc, Semantics.LINUX, seed));
            for (Report.TaskCalls t : rep.tasks()) {
                if (t.task().startsWith("cat")) {
                    outcomes.add(t.calls().get(0).last().word());
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("ENOENT", "ok")), outcomes);
    }
}
