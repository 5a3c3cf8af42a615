package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bpflife explore, shrink, diff")
class ExploreCommandTest {

    @Test
    @DisplayName("exhaustive exploration of a small scenario under linux checks every state and exits 0")
    void exhaustiveLinuxPasses() {
        Cli c = Cli.run("explore", Cli.scenario("update-under-reader.scn"), "--strategy", "exhaustive");
        assertEquals(0, c.code(), c::toString);
        assertTrue(c.out().contains("states checked, no violation"), c::toString);
    }

    @Test
    @DisplayName("a bug variant: explore exits 1 with a schedule that shrink shrinks and diff compares")
    void bugIsFoundShrunkAndDiffed(@TempDir Path dir) throws Exception {
        Cli c = Cli.run("explore", Cli.scenario("prog-ref-outside-lock.scn"), "--semantics",
                "bug-prog-ref-outside-lock", "--out", dir.toString(), "--seed", "7");
        assertEquals(1, c.code(), c::toString);
        assertTrue(c.out().contains("VIOLATED use after free"), c::toString);
        Path schedule = dir.resolve("prog-ref-outside-lock.schedule");
        assertTrue(Files.readString(schedule).contains("# semantics: bug-prog-ref-outside-lock"));
        assertTrue(Files.exists(dir.resolve("prog-ref-outside-lock.jsonl")));

        Cli r = Cli.run("replay", "--schedule", schedule.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("reproduced the schedule's violation"), r::toString);

        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(schedule));
        int first = lines.indexOf(lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow());
        lines.remove(first + 30);
        Path stale = dir.resolve("stale.schedule");
        Files.write(stale, lines);
        Cli bad = Cli.run("replay", "--schedule", stale.toString());
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("no longer applies: step "), bad::toString);
        Cli badShrink = Cli.run("shrink", "--schedule", stale.toString());
        assertEquals(2, badShrink.code(), badShrink::toString);
        assertTrue(badShrink.err().contains("no longer applies: step "), badShrink::toString);

        Cli s = Cli.run("shrink", "--schedule", schedule.toString(), "--time", "20");
        assertEquals(0, s.code(), s::toString);
        assertTrue(s.out().contains("shrunk"), s::toString);
        Path shrunk = dir.resolve("prog-ref-outside-lock.shrunk.schedule");
        Cli replayShrunk = Cli.run("replay", "--schedule", shrunk.toString());
        assertTrue(replayShrunk.out().contains("reproduced the schedule's violation"), replayShrunk::toString);
        Cli again = Cli.run("run", dir.resolve("prog-ref-outside-lock.shrunk.scn").toString(), "--semantics",
                "bug-prog-ref-outside-lock", "--schedule", "first");
        assertTrue(again.code() <= 1, again::toString);

        Cli d = Cli.run("diff", "--schedule", shrunk.toString(), "--semantics", "bug-prog-ref-outside-lock",
                "--against", "linux");
        assertEquals(1, d.code(), d::toString);
        assertTrue(d.out().contains("they part at step"), d::toString);
        assertTrue(d.out().contains("B  all held"), d::toString);
    }

    @Test
    @DisplayName("explore --json gives the figures and the verdict")
    void jsonSummary() throws Exception {
        Cli c = Cli.run("explore", Cli.scenario("anon-outlives-link.scn"), "--schedules", "50", "--json");
        assertEquals(0, c.code(), c::toString);
        var n = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(c.out());
        assertEquals("pass", n.get("verdict").asText());
        assertEquals(50, n.get("schedules").asLong());
    }

    @Test
    @DisplayName("an unknown strategy and a missing schedule are bad input")
    void badInput(@TempDir Path dir) {
        assertEquals(2, Cli.run("explore", Cli.scenario("anon-outlives-link.scn"), "--strategy", "dfs").code());
        assertEquals(2, Cli.run("shrink", "--schedule", dir.resolve("none.schedule").toString()).code());
    }
}
