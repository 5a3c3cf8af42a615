package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.BpfMap;
import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.model.Observation;
import bpflife.model.Prog;
import bpflife.model.Semantics;
import bpflife.model.Task;
import bpflife.model.scenario.Scenario;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5, a program's own maps (scenarios/prog-holds-its-maps.scn, the kernel's answers
 * measured with bench/prog-maps): a prog loaded with a map holds it, so the map is found by id
 * after its fd is closed while the prog lives, and right after the prog's last close it may still
 * be found (its put comes after the prog's id is gone) or not.
 */
@DisplayName("a program holds the maps it uses")
class ProgMapsTest {

    private static final Scenario SC = Runs.parse(Runs.SCENARIOS.resolve("prog-holds-its-maps.scn"));

    @Test
    @DisplayName("every schedule: the map is found while the prog lives; after the prog's close both answers; a closed map fd is EBADF; all freed")
    void mapOutlivesItsFdWhileTheProgLives() {
        ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(SC, Semantics.LINUX), true, 1_000_000, true, null).run();
        assertTrue(o.violations().isEmpty(), () -> o.violations().toString());
        TreeSet<String> afterClose = new TreeSet<>();
        for (WorldKey w : o.finalStates()) {
            for (ObjectState s : w.objects().values()) {
                if (s instanceof Task.State t && t.self().name().equals("user")) {
                    List<Observation> seen = t.observed();
                    // 0 map create, 1 prog load, 2 close m, 3 get while the prog lives, 4 close g,
                    // 5 close p, 6 get right after the prog's last close
                    assertEquals(null, seen.get(3).errno(), "found while the prog lives: " + seen);
                    afterClose.add(seen.get(6).errno() == null ? "ok" : seen.get(6).errno().name());
                }
                if (s instanceof Task.State t && t.self().name().equals("other")) {
                    // a map fd no longer open: the load fails with EBADF (bench/prog-maps/badmapfd.c)
                    assertEquals(bpflife.protocol.Errno.EBADF, t.observed().get(2).errno());
                }
                if (s instanceof BpfMap.State m) {
                    assertTrue(m.freed(), m.self() + " is freed at the end");
                }
                if (s instanceof Prog.State p) {
                    assertTrue(p.freed(), p.self() + " is freed at the end");
                }
            }
        }
        assertEquals(new TreeSet<>(List.of("ENOENT", "ok")), afterClose);
    }
}
