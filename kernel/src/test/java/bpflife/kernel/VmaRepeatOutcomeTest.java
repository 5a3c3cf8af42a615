package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bpflife.explore.ExhaustiveSearch;
import bpflife.explore.WorldKey;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * D6 in {@code kernel --runs}: the model's outcome states a dump that repeats its tail after END in
 * the words {@link DumpShape} gives the kernel's (no kernel needed: the kernel's side is a text of
 * the shape the driver measured), so the two outcomes can be the same.
 */
class VmaRepeatOutcomeTest {

    @Test
    @DisplayName("the model's D6 dump is 'incomplete: an object line after the END line', as DumpShape states the kernel's")
    void sameWordsAsTheKernelsShape() {
        Scenario sc = Scenarios.parse(Scenarios.repo().resolve("kernel/src/test/resources/kernel-scenarios/task-vma-small-reads.scn"));
        ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(sc, Semantics.LINUX), true, 200_000, true, null).run();
        TreeSet<String> dumps = new TreeSet<>();
        for (WorldKey w : o.finalStates()) {
            FidelityOutcome.model(sc, w.objects()).lines().stream().filter(l -> l.startsWith("dump ")).forEach(dumps::add);
        }
        // the shape the driver measured by hand (docs/ITERATION-REFS.md "D6"), for a task of two vmas:
        // END, then the last read's vmas again, the first with the END's seq_num
        String kernel = """
                dump_vmas session=7 seq=0 task_vma=5779:7f2c8b80d000
                dump_vmas session=7 seq=1 task_vma=5779:7ffe80359000
                dump_vmas END session=7 seq=1
                dump_vmas session=7 seq=1 task_vma=5779:7f2c8b80d000
                dump_vmas session=7 seq=2 task_vma=5779:7ffe80359000
                """;
        DumpShape shape = DumpShape.of(kernel, false);
        assertEquals(List.of("dump reader.s: dump_vmas, some objects, incomplete: " + shape.problem()), List.copyOf(dumps));
    }
}
