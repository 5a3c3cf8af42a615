package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shrinker keeps a task's pid namespace ({@code task NAME pidns:}) when it cuts and writes a scenario. */
@DisplayName("ScenarioCuts keeps pidns")
class ScenarioCutsPidnsTest {
    @Test
    void cutAndRenderedKeepPidns() {
        Scenario sc = ScenarioParser.parse("p.scn", "task inner pidns:\n    p = prog load dump_task target task\n"
                + "    close p\ntask outer:\n    q = prog load dump_task target task\n");
        Scenario cut = ScenarioCuts.withBody(sc, "inner", List.of(sc.task("inner").body().get(0)));
        assertTrue(cut.task("inner").pidns(), "withBody dropped pidns");
        String text = ScenarioCuts.render(cut);
        assertTrue(text.contains("\ntask inner pidns:\n"), text);
        assertTrue(ScenarioParser.parse("p.scn", text).task("inner").pidns(), text);
    }
}
