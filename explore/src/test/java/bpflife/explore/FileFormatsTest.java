package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import bpflife.protocol.StepRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("file formats carry their version")
class FileFormatsTest {
    @TempDir
    Path dir;

    List<StepRecord> records() {
        return Runs.run(Runs.inline(Runs.PIN_CAT_RM), Semantics.LINUX, 3).records();
    }

    @Test
    @DisplayName("a journal file starts with its format and version, and reads back record for record")
    void journalRoundTrips() throws IOException {
        Path p = dir.resolve("j.jsonl");
        JournalFile.write(p, records());
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        assertEquals("{\"format\":\"bpflife-journal\",\"version\":" + JournalFile.VERSION + "}", lines.get(0));
        assertEquals(records().size() + 1, lines.size());
        assertEquals(records(), JournalFile.readAll(p));
        assertTrue(JournalFile.looksLikeJournal(lines));
    }

    /** A run that creates a map: its call, birth and listing each have a component named {@code type}. */
    List<StepRecord> mapRecords() {
        return Runs.run(Runs.parse(Runs.SCENARIOS.resolve("map-elem-fds-closed.scn")), Semantics.LINUX, 3).records();
    }

    @Test
    @DisplayName("a journal file repeats no key: a map's type is map_type, \"type\" is only the record's kind")
    void journalLinesHaveNoDuplicateKeys() throws IOException {
        Path p = dir.resolve("maps.jsonl");
        JournalFile.write(p, mapRecords());
        com.fasterxml.jackson.databind.ObjectMapper strict = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        boolean sawMap = false;
        for (String l : lines) {
            strict.readTree(l); // throws on a repeated key
            sawMap |= l.contains("{\"type\":\"MapCreate\",\"result\":\"m\",\"map_type\":\"HASH\"");
        }
        assertTrue(sawMap, "the map's call with its kind and its type");
        assertEquals(mapRecords(), JournalFile.readAll(p));
        // the old form did repeat it (the defect version 3 removes)
        String old = JournalJson.line(mapRecords().get(1));
        assertThrows(IOException.class, () -> strict.readTree(old), old);
    }

    @Test
    @DisplayName("a version-2 journal file (Java names, a map's type under \"type\" again) still reads record for record")
    void versionTwoJournalStillReads() throws IOException {
        Path p = dir.resolve("v2.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add("{\"format\":\"bpflife-journal\",\"version\":2}");
        mapRecords().forEach(r -> lines.add(JournalJson.line(r)));
        Files.write(p, lines, StandardCharsets.UTF_8);
        assertTrue(lines.get(2).contains("\"type\":\"MapCreate\",\"result\":\"m\",\"type\":\"HASH\""), lines.get(2));
        assertEquals(mapRecords(), JournalFile.readAll(p));
    }

    @Test
    @DisplayName("a journal file written before the version line reads as version 1")
    void unversionedJournalIsVersionOne() throws IOException {
        Path p = dir.resolve("old.jsonl");
        List<String> lines = new ArrayList<>();
        records().forEach(r -> lines.add(JournalJson.line(r)));
        Files.write(p, lines, StandardCharsets.UTF_8);
        if (JournalFile.VERSION == JournalFile.UNVERSIONED) {
            assertEquals(records(), JournalFile.readAll(p));
        } else {
            IOException e = assertThrows(IOException.class, () -> JournalFile.readAll(p));
            assertTrue(e.getMessage().contains("journal format version " + JournalFile.UNVERSIONED), e.getMessage());
        }
    }

    @Test
    @DisplayName("a journal file of another version is refused, naming both versions")
    void otherJournalVersionIsRefused() throws IOException {
        Path p = dir.resolve("new.jsonl");
        Files.writeString(p, "{\"format\":\"bpflife-journal\",\"version\":" + (JournalFile.VERSION + 1) + "}\n",
                StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> JournalFile.readAll(p));
        assertTrue(e.getMessage().contains("journal format version " + (JournalFile.VERSION + 1)
                + ", but this bpflife reads version " + JournalFile.VERSION + " (and 2)"), e.getMessage());
    }

    @Test
    @DisplayName("a schedule file starts with its format and names its scenario relative to itself")
    void scheduleFormat() throws IOException {
        Path scenario = Runs.SCENARIOS.resolve("rm-during-cats.scn"); // relative to the working directory
        Path p = dir.resolve("out").resolve("s.schedule");
        ScheduleFile f = new ScheduleFile(java.util.Map.of("scenario", scenario.toString(), "semantics", "linux"),
                records().stream().map(bpflife.protocol.Choice::of).toList());
        f.write(p);
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        assertEquals("# bpflife schedule, format " + ScheduleFile.FORMAT, lines.get(0));
        String line = lines.stream().filter(l -> l.startsWith("# scenario: ")).findFirst().orElseThrow();
        Path stored = Path.of(line.substring("# scenario: ".length()));
        assertFalse(stored.isAbsolute(), line);
        assertEquals(scenario.toAbsolutePath().normalize(), p.getParent().resolve(stored).toAbsolutePath().normalize());
        ScheduleFile back = ScheduleFile.read(p);
        assertEquals(f, back);
        assertEquals(ScheduleFile.sha256(scenario), ScheduleFile.sha256(Path.of(back.scenario())));
    }

    @Test
    @DisplayName("a schedule of format 1 (no format on its first line) names its scenario from the working directory")
    void scheduleFormatOne() throws IOException {
        Path p = dir.resolve("old.schedule");
        Files.writeString(p, "# bpflife schedule\n# scenario: ../scenarios/rm-during-cats.scn\n# semantics: linux\n"
                + "task:setup <- world #1\n", StandardCharsets.UTF_8);
        ScheduleFile f = ScheduleFile.read(p);
        assertEquals("../scenarios/rm-during-cats.scn", f.scenario());
        assertEquals(1, f.choices().size());
    }

    @Test
    @DisplayName("a schedule of an unknown format is refused, naming it")
    void otherScheduleFormatIsRefused() throws IOException {
        Path p = dir.resolve("new.schedule");
        Files.writeString(p, "# bpflife schedule, format 99\ntask:setup <- world #1\n", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScheduleFile.read(p));
        assertTrue(e.getMessage().contains("schedule format 99, but this bpflife reads formats 1 to "
                + ScheduleFile.FORMAT), e.getMessage());
    }
}
