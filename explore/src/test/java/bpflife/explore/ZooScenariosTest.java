package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The P5 zoo (bench/zoo/): busy scenarios that pass under Linux and show their bug under its variant. */
@DisplayName("the shrink benchmark's zoo")
class ZooScenariosTest {
    /** The seed bench/p5-shrink.sh explores with. */
    private static final long SEED = 1;
    static final Path ZOO = Path.of("..", "bench", "zoo");

    @Test
    @DisplayName("every bug variant has a zoo scenario")
    void everyBugVariantHasOne() {
        TreeSet<String> variants = new TreeSet<>(Semantics.all().stream().map(Semantics::name)
                .filter(n -> n.startsWith("bug-")).toList());
        assertEquals(variants, new TreeSet<>(List.of("bug-inc-not-zero", "bug-prog-ref-outside-lock", "bug-B1",
                "bug-B2", "bug-B5", "bug-B6", "bug-B8")), "a new bug variant needs a scenario in bench/zoo/ and a row in bench/p5-shrink.sh");
    }

    @ParameterizedTest(name = "{1} ({0})")
    @CsvSource({"bug-inc-not-zero, getfd-busy-host.scn", "bug-prog-ref-outside-lock, upgrade-busy-host.scn",
            "bug-B1, prime-fails-busy-host.scn", "bug-B2, map-elem-busy-host.scn", "bug-B5, cgroup-busy-host.scn",
            "bug-B6, vma-busy-host.scn", "bug-B8, files-busy-host.scn"})
    @DisplayName("under linux every invariant and expectation holds; under the variant a fixed seed finds the bug")
    void linuxPassesAndTheVariantFails(String variant, String file) {
        Scenario sc = Runs.parse(ZOO.resolve(file));
        assertTrue(sc.tasks().size() >= 25, file + " is a busy scenario");
        for (long seed = 1; seed <= 10; seed++) {
            RunResult r = Runs.run(sc, Semantics.LINUX, seed);
            assertTrue(Report.of(r).pass(), Runs.why(r, seed));
        }
        Explorer.Summary s = new Explorer(new Env(sc, Semantics.byName(variant)), new Explorer.Options(
                Explorer.Strategy.PORTFOLIO, 2_000, 100_000, 0, SEED, 0), null).run();
        assertNotNull(s.found(), variant + " not found in " + file + " in 2,000 schedules (seed " + SEED + ")");
    }
}
