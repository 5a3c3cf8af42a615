package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.JournalJson;
import bpflife.explore.RandomStrategy;
import bpflife.explore.RunResult;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The journal's compact encoding (bpflife-cbor): every name has its code, rows round-trip, and they are small. */
@DisplayName("journal rows: the compact encoding")
class CompactJournalTest {
    private static final ObjectMapper COMPACT = CompactJournal.mapper();
    /** The encoding before (Pekko's jackson-cbor with the journal file's mapper: full names). */
    private static final ObjectMapper FULL = JournalJson.mapper().copyWith(new CBORFactory());

    @Test
    @DisplayName("every name a row can hold is in journal-names.txt (append new ones at its end)")
    void everyNameHasACode() {
        Set<String> missing = new TreeSet<>(JournalNames.current());
        missing.removeAll(CompactJournal.NAMES);
        assertTrue(missing.isEmpty(), "append these to persistence/src/main/resources/bpflife/persistence/"
                + "journal-names.txt (at the end: never reorder it): " + missing);
        for (String n : CompactJournal.NAMES) {
            assertTrue(!n.isEmpty() && !Character.isDigit(n.charAt(0)), "a name is never a number: '" + n + "'");
        }
    }

    /** The names of the first version of the file: rows written since hold their codes, so they never change. */
    @Test
    @DisplayName("the names rows were written with are still there, in their places (the file is append-only)")
    void namesAreAppendOnly() throws Exception {
        List<String> first = CompactJournal.NAMES.subList(0, 287);
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", first).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("dba2ddebae00b813d3952385d3f48419032fd715d84dfe13da5c8dc3e4aade62",
                java.util.HexFormat.of().formatHex(sha), "journal-names.txt: a name of the first 287 was changed, "
                        + "removed or moved; rows already written would read back wrong (append new names at the end)");
    }

    private static List<StepRecord> run(String scenario, long seed) throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", scenario)), Semantics.LINUX);
        RunResult r = DeterministicRuntime.run(env, new RandomStrategy(seed));
        return r.records();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rm-during-cats.scn", "load-cats-rm-update.scn", "fork-dup-share-session.scn",
        "link-prime-failure.scn", "map-elem-fds-closed.scn", "cgroup-removed-before-read.scn"})
    @DisplayName("every step record reads back equal, as the same journal line")
    void roundTrip(String scenario) throws Exception {
        for (StepRecord r : run(scenario, 3)) {
            byte[] row = COMPACT.writeValueAsBytes(r);
            StepRecord back = COMPACT.readValue(row, StepRecord.class);
            assertEquals(JournalJson.line(r), JournalJson.line(back), scenario + " seed 3, step " + r.position());
            assertEquals(r, back, scenario + " seed 3, step " + r.position());
        }
    }

    @Test
    @DisplayName("a busy scenario's rows are under 300 bytes on average, and under 60% of the full-name CBOR")
    void rowsAreSmall() throws Exception {
        List<StepRecord> records = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            records.addAll(run("load-cats-rm-update.scn", seed));
        }
        long compact = 0;
        long full = 0;
        for (StepRecord r : records) {
            compact += COMPACT.writeValueAsBytes(r).length;
            full += FULL.writeValueAsBytes(r).length;
        }
        double perRow = (double) compact / records.size();
        String what = String.format("%d records (seeds 1-3): %.1f bytes a row compact, %.1f before", records.size(),
                perRow, (double) full / records.size());
        assertTrue(perRow <= 300, what);
        assertTrue(compact < 0.6 * full, what);
    }
}
