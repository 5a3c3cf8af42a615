package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.StepRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("determinism")
class DeterminismTest {

    static java.util.List<Path> scenarios() {
        return Runs.shipped();
    }

    private static String journal(Scenario sc, long seed) {
        StringBuilder b = new StringBuilder();
        new DeterministicRuntime(new Env(sc, Semantics.LINUX), new RandomStrategy(seed), Stepper.KERNEL,
                new DeterministicRuntime.Options(2_000_000, false, (StepRecord r) -> b.append(JournalJson.line(r))
                        .append('\n'))).run();
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("the same scenario, semantics and seed give the same journal, byte for byte")
    void sameSeedSameJournal(Path file) {
        Scenario sc = Runs.parse(file);
        for (long seed : new long[] {1, 42, 9_000_001}) {
            String a = journal(sc, seed);
            String b = journal(Runs.parse(file), seed);
            assertEquals(a, b, file + " seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("the journal reads back into the same records")
    void journalRoundTrips(Path file) throws Exception {
        RunResult r = Runs.run(Runs.parse(file), Semantics.LINUX, 3);
        for (StepRecord rec : r.records()) {
            assertEquals(rec, JournalJson.parse(JournalJson.line(rec)));
        }
    }

    @org.junit.jupiter.api.Test
    @DisplayName("different seeds interleave differently")
    void seedsMatter() {
        Scenario sc = Runs.parse(Runs.SCENARIOS.resolve("rm-during-cats.scn"));
        assertNotEquals(journal(sc, 1), journal(sc, 2));
    }
}
