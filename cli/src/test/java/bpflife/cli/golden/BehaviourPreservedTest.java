package bpflife.cli.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The model's behaviour is pinned down by recorded runs ({@link GoldenRuns}): each recorded
 * schedule, replayed under today's model, must apply delivery by delivery and show user space
 * exactly what it showed when it was recorded.
 */
@DisplayName("recorded schedules replay to the recorded outcomes")
class BehaviourPreservedTest {

    @TestFactory
    Stream<DynamicTest> everyRecordedScheduleGivesItsRecordedOutcome() throws IOException {
        if (Boolean.getBoolean("bpflife.golden.capture")) {
            for (Path scn : GoldenRuns.corpus()) {
                GoldenRuns.write(GoldenRuns.goldenFile(scn), GoldenRuns.capture(scn));
            }
        }
        return GoldenRuns.corpus().stream().map(scn -> DynamicTest.dynamicTest(scn.toString(), () -> {
            Path file = GoldenRuns.goldenFile(scn);
            assertTrue(Files.exists(file), () -> "no recorded runs for " + scn + " (" + file + ")");
            List<GoldenRuns.Case> cases = GoldenRuns.read(file);
            assertFalse(cases.isEmpty(), file::toString);
            for (GoldenRuns.Case c : cases) {
                assertEquals(c.outcome(), GoldenRuns.replay(c),
                        () -> c.scenario() + " under " + c.semantics() + ", " + c.label());
            }
        }));
    }

    @Test
    @DisplayName("the recordings cover every semantics with four schedules each")
    void recordingsCoverEverySemantics() throws IOException {
        Path file = GoldenRuns.goldenFile(Path.of("scenarios", "rm-during-cats.scn"));
        List<GoldenRuns.Case> cases = GoldenRuns.read(file);
        assertEquals(bpflife.model.Semantics.all().size() * (GoldenRuns.SEEDS.length + 1), cases.size());
    }
}
