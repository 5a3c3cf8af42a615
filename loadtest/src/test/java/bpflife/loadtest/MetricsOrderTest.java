package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.explore.RunResult;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load's dump check does not depend on the order in which objects report their steps: where
 * the objects tell when queued, a session's reads (and its free) may be reported before the step
 * that opened it.
 */
class MetricsOrderTest {
    private static final String CATS = """
            setup:
                p = prog load dump_task target task
                l = link create p
                pin l /sys/fs/bpf/it
                close l
                close p
            task cat[1..3]:
                f = open /sys/fs/bpf/it
                read f 64 until eof
                close f
            """;

    private static boolean opens(StepRecord r) {
        return r.spawned().stream().anyMatch(sp -> sp.born() instanceof Event.SessionOpened);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    @DisplayName("a session's steps reported before its opening still get its dump checked once, and nothing kept")
    void sessionBeforeItsOpening(long seed) {
        RunResult run = DeterministicRuntime.run(new Env(ScenarioParser.parse("cats.scn", CATS), Semantics.LINUX),
                new RandomStrategy(seed));
        List<StepRecord> causal = run.records();
        // the openings last: each session's reads and free come before the step that made it
        List<StepRecord> late = new ArrayList<>();
        for (StepRecord r : causal) {
            if (!opens(r)) {
                late.add(r);
            }
        }
        causal.stream().filter(MetricsOrderTest::opens).forEach(late::add);
        for (List<StepRecord> order : List.of(causal, late)) {
            Metrics m = new Metrics(LoadClock.system(), t -> { }, t -> { });
            for (StepRecord r : order) {
                m.persisted(r.receiver(), r);
            }
            String which = "seed " + seed + (order == causal ? ", causal order" : ", openings last");
            assertEquals(3, m.dumpsChecked.get(), which + ": dumps checked");
            assertEquals(List.of(), m.badDumps(), which);
            assertEquals(0, m.dumpsFollowed(), which + ": sessions still followed after their free");
            assertEquals(3, m.opened.get(), which);
            assertEquals(3, m.closed.get(), which);
            assertTrue(order.stream().anyMatch(r -> r.receiver() instanceof ActorId.SessionId), which);
        }
    }
}
