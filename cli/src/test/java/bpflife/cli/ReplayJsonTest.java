package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay --json}: one document of the same shape for a schedule file and a journal file (docs/REPLAY-JSON.md). */
class ReplayJsonTest {

    @Test
    @DisplayName("replay --schedule --json of a counterexample: one JSON document, verdict fail, reproduced, every field documented")
    void scheduleFile(@TempDir Path dir) {
        Cli c = Cli.run("explore", Cli.scenario("prog-ref-outside-lock.scn"), "--semantics",
                "bug-prog-ref-outside-lock", "--out", dir.toString(), "--seed", "7");
        assertEquals(1, c.code(), c::toString);
        Cli r = Cli.run("replay", "--schedule", dir.resolve("prog-ref-outside-lock.schedule").toString(), "--json");
        assertEquals(1, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "REPLAY-JSON.md", Set.of());
        assertEquals("schedule", doc.get("source").asText());
        assertEquals("bug-prog-ref-outside-lock", doc.get("recorded_semantics").asText());
        assertTrue(doc.get("reproduced").asBoolean(), r::toString);
        assertEquals("fail", doc.get("verdict").asText());
        assertTrue(doc.get("reason").asText().startsWith("use after free"), r::toString);
        assertEquals(doc.get("violations").get(0).get("step").asLong(), doc.get("steps").asLong(), r::toString);

        Cli fixed = Cli.run("replay", "--schedule", dir.resolve("prog-ref-outside-lock.schedule").toString(),
                "--semantics", "linux", "--json");
        assertTrue(fixed.code() == 0 || fixed.code() == 2, fixed::toString);
        if (fixed.code() == 0) {
            JsonNode ok = JsonDocs.parse(fixed.out());
            assertEquals("pass", ok.get("verdict").asText());
            assertFalse(ok.has("reproduced"), "no violation to reproduce");
        }
    }

    @Test
    @DisplayName("replay --journal --json of a passing run: verdict pass, identical, no reason")
    void journalFile(@TempDir Path dir) {
        Path jsonl = dir.resolve("run.jsonl");
        assertEquals(0, Cli.run("run", "--journal", jsonl.toString(), Cli.scenario("rm-during-cats.scn")).code());
        Cli r = Cli.run("replay", "--journal", jsonl.toString(), "--scenario", Cli.scenario("rm-during-cats.scn"),
                "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "REPLAY-JSON.md", Set.of());
        assertEquals("journal", doc.get("source").asText());
        assertTrue(doc.get("identical").asBoolean());
        assertEquals("pass", doc.get("verdict").asText());
        assertFalse(doc.has("reason"), r::toString);
    }
}
