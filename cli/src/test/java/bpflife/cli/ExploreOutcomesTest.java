package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 1 through the CLI: explore prints the outcome set and checks every expectation on every schedule. */
class ExploreOutcomesTest {

    /** The open races the rm: it succeeds on some schedules and fails with ENOENT on others. */
    private static final String SOMETIMES = """
            scenario sometimes
            objects task 1

            setup:
                mkdir /sys/fs/bpf/t
                p = prog load dump_task target task
                l = link create p
                pin l /sys/fs/bpf/t/foo
                close l
                close p

            task cat:
                f = open /sys/fs/bpf/t/foo      => ok
                close f

            task rm:
                rm /sys/fs/bpf/t/foo            => ok
            """;

    @Test
    @DisplayName("an expectation that fails on some schedule: 'sometimes', exit 1, a schedule that replays to the failure")
    void sometimes(@TempDir Path dir) throws Exception {
        Path scn = dir.resolve("sometimes.scn");
        Files.writeString(scn, SOMETIMES);
        Cli c = Cli.run("explore", scn.toString(), "--strategy", "exhaustive", "--out", dir.toString());
        assertEquals(1, c.code(), c::toString);
        assertTrue(c.out().contains("outcomes   2 (of 2 terminal states)"), c::toString);
        assertTrue(c.out().contains("sometimes     cat: f = open /sys/fs/bpf/t/foo => ok   (fails on 1 of 2)"),
                c::toString);
        assertTrue(c.out().contains("always        rm: rm /sys/fs/bpf/t/foo => ok"), c::toString);
        Path schedule = dir.resolve("sometimes.expect-1.schedule");
        assertTrue(Files.exists(schedule), c::toString);
        Cli r = Cli.run("replay", "--schedule", schedule.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("verdict: FAIL (expectation failed: cat: f = open /sys/fs/bpf/t/foo => ok"),
                r::toString);

        Cli j = Cli.run("explore", scn.toString(), "--strategy", "exhaustive", "--out", dir.toString(), "--json");
        assertEquals(1, j.code(), j::toString);
        JsonNode doc = JsonDocs.parse(j.out());
        JsonDocs.assertDocumented(doc, "EXPLORE-JSON.md", Set.of("outcomes"));
        JsonDocs.assertDocumented(doc.get("outcomes"), "OUTCOMES-JSON.md", Set.of());
        assertEquals("fail", doc.get("verdict").asText());
        assertTrue(doc.get("reason").asText().startsWith("expectation fails on some schedule: cat:"), j::toString);
        assertEquals(schedule.toString(), doc.get("expectation_schedules").get(0).get("schedule").asText());
    }

    @Test
    @DisplayName("rm-during-cats: every expectation always holds, the outcome set is printed, exit 0, JSON pass")
    void rmDuringCats() {
        Cli c = Cli.run("explore", Cli.scenario("rm-during-cats.scn"), "--strategy", "exhaustive", "--json");
        assertEquals(0, c.code(), c::toString);
        JsonNode doc = JsonDocs.parse(c.out());
        JsonDocs.assertDocumented(doc, "EXPLORE-JSON.md", Set.of("outcomes"));
        assertEquals("pass", doc.get("verdict").asText());
        assertTrue(doc.get("outcomes").get("terminal_states").asLong() > 1, c::toString);
        for (JsonNode e : doc.get("outcomes").get("expectations")) {
            assertEquals("always", e.get("verdict").asText(), e::toString);
        }
    }
}
