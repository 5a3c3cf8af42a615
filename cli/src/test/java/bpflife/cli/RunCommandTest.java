package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.JournalFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bpflife run")
class RunCommandTest {

    private static final String RM_DURING_CATS = Cli.scenario("rm-during-cats.scn");

    @TempDir
    Path tmp;

    /** bpftool's own fields: documented by bpftool, not by us. */
    static final java.util.Set<String> LISTINGS = java.util.Set.of("link_show", "prog_show", "listing");

    @Test
    @DisplayName("rm-during-cats passes: dumps shown, link show (none) at the end, verdict PASS, exit 0")
    void rmDuringCatsPasses() {
        Cli r = Cli.run("run", RM_DURING_CATS);
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("scenario   rm-during-cats\n"), r::toString);
        assertTrue(r.out().contains("\nsteps      "), r::toString);
        // the bytes each cat read, indented under its read statement
        assertTrue(r.out().contains("\n  read f 16 until eof"), r::toString);
        assertTrue(r.out().contains("\n      dump_task session=1 seq=0 task=1\n"), r::toString);
        assertTrue(r.out().contains("\n      dump_task END session="), r::toString);
        // holder's listings while the pin is gone but its session still holds the link
        assertTrue(r.out().contains("\n      1: iter  prog 1  target_name task  \n"), r::toString);
        assertTrue(r.out().contains("\n      1: tracing  name dump_task  tag " + Bpftool.tag(bpflife.protocol.IterTarget.TASK) + "  gpl\n"),
                r::toString);
        assertTrue(r.out().contains("= ENOENT (No such file or directory)  " + PlainReport.CHECK_MARK), r::toString);
        assertTrue(r.out().contains("\nlink show (end of run):\n  (none)\n"), r::toString);
        assertTrue(r.out().contains("\nprog show (end of run):\n  (none)\n"), r::toString);
        assertTrue(r.out().contains("\n  all held after every one of "), r::toString);
        assertTrue(r.out().endsWith("\nverdict: PASS\n"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    @DisplayName("every shipped scenario passes under linux with the first-enabled schedule")
    void shippedScenariosPass() throws IOException {
        try (var files = Files.list(Cli.SCENARIOS)) {
            List<Path> scns = files.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
            assertFalse(scns.isEmpty());
            for (Path p : scns) {
                Cli r = Cli.run("run", "--schedule", "first", p.toString());
                assertEquals(0, r.code(), () -> p + "\n" + r);
            }
        }
    }

    @Test
    @DisplayName("a wrong final expectation (link show: setup.l prog setup.p) exits 1 and is named")
    void wrongFinalExpectation() throws IOException {
        String text = Files.readString(Path.of(RM_DURING_CATS)).stripTrailing() + "\n    link show: setup.l prog setup.p\n";
        Path scn = write("wrong-final.scn", text);
        Cli r = Cli.run("run", scn.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("\n  FAIL  link show: setup.l prog setup.p"), r::toString);
        assertTrue(r.out().contains("\nverdict: FAIL (expectation failed: link show: setup.l prog setup.p ("
                + scn + ":"), r::toString);
        assertEquals("", r.err());
    }

    @Test
    @DisplayName("a wrong inline expectation (=> EPERM on an open) exits 1 and is named")
    void wrongInlineExpectation() throws IOException {
        String text = Files.readString(Path.of(RM_DURING_CATS));
        String late = "    f = open /sys/fs/bpf/tasks/foo          => ENOENT\n";
        assertTrue(text.contains(late));
        Path scn = write("wrong-inline.scn", text.replace(late, "    f = open /sys/fs/bpf/tasks/foo          => EPERM\n"));
        Cli r = Cli.run("run", scn.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("= ENOENT (No such file or directory)  FAIL (expected EPERM)"), r::toString);
        assertTrue(r.out().contains("\nverdict: FAIL (expectation failed: late: f = open /sys/fs/bpf/tasks/foo => EPERM"),
                r::toString);
    }

    @Test
    @DisplayName("--semantics bug-B2 on map-elem-fds-closed: use after free, exit 1")
    void bugB2UseAfterFree() {
        Cli r = Cli.run("run", "--semantics", "bug-B2", Cli.scenario("map-elem-fds-closed.scn"));
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.out().contains("semantics  bug-B2: "), r::toString);
        assertTrue(r.out().contains("\n  VIOLATED use after free on map:"), r::toString);
        assertTrue(r.out().contains("\n  rule: no step touches a freed object\n"), r::toString);
        assertTrue(r.out().contains("\nverdict: FAIL (use after free on map:"), r::toString);
    }

    @Test
    @DisplayName("--json prints one versioned JSON document with the report and verdict pass, every field in docs/RUN-JSON.md")
    void json() throws IOException {
        Cli r = Cli.run("run", "--json", RM_DURING_CATS);
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "RUN-JSON.md", LISTINGS);
        assertEquals(1, doc.get("version").asInt());
        assertEquals("pass", doc.get("verdict").asText());
        assertFalse(doc.has("reason"), "a pass has no reason");
        assertEquals("rm-during-cats", doc.get("scenario").asText());
        assertEquals("linux", doc.get("semantics").asText());
        assertEquals("random(seed=1)", doc.get("scheduler").asText());
        assertTrue(doc.get("steps").asLong() > 0);
        assertTrue(doc.get("link_show").isArray() && doc.get("link_show").isEmpty());
        assertTrue(doc.get("prog_show").isArray() && doc.get("prog_show").isEmpty());
        assertEquals(0, doc.get("violations").size());
        assertEquals(7, doc.get("expectations").size());
        JsonNode holder = null;
        for (JsonNode t : doc.get("tasks")) {
            if (t.get("name").asText().equals("holder")) {
                holder = t;
            }
        }
        assertTrue(holder != null, "holder task");
        JsonNode link = holder.get("calls").get(3);
        assertEquals("link show", link.get("statement").asText());
        assertTrue(link.get("ok").asBoolean());
        JsonNode entry = link.get("results").get(0).get("listing").get(0);
        assertEquals(1, entry.get("id").asInt());
        assertEquals("iter", entry.get("type").asText());
        assertEquals(1, entry.get("prog_id").asInt());
        assertEquals("task", entry.get("target_name").asText());
        JsonNode prog = holder.get("calls").get(4).get("results").get(0).get("listing").get(0);
        assertEquals("tracing", prog.get("type").asText());
        assertEquals("dump_task", prog.get("name").asText());
        assertTrue(prog.get("tag").asText().matches("[0-9a-f]{16}"));
        assertTrue(prog.get("gpl_compatible").asBoolean());
        // same run, same bytes
        assertEquals(r.out(), Cli.run("run", "--json", RM_DURING_CATS).out());
    }

    @Test
    @DisplayName("--json of a failing run has the violation, verdict fail and the reason beside it")
    void jsonFailure() throws IOException {
        Cli r = Cli.run("run", "--json", "--semantics", "bug-B2", Cli.scenario("map-elem-fds-closed.scn"));
        assertEquals(1, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "RUN-JSON.md", LISTINGS);
        assertEquals("fail", doc.get("verdict").asText());
        assertTrue(doc.get("reason").asText().startsWith("use after free on map:"), doc::toString);
        JsonNode v = doc.get("violations").get(0);
        assertEquals("use after free", v.get("invariant").asText());
        assertTrue(v.get("object").asText().startsWith("map:"));
        assertTrue(v.get("chain").isArray() && !v.get("chain").isEmpty());
    }

    @Test
    @DisplayName("--journal writes its version, then one JSON line per step; the same seed gives byte-identical journals")
    void journal() throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        Cli r = Cli.run("run", "--json", "--seed", "7", "--journal", a.toString(), RM_DURING_CATS);
        assertEquals(0, r.code(), r::toString);
        assertEquals(0, Cli.run("run", "--seed", "7", "--journal", b.toString(), RM_DURING_CATS).code());
        long steps = new ObjectMapper().readTree(r.out()).get("steps").asLong();
        List<String> lines = Files.readAllLines(a, StandardCharsets.UTF_8);
        assertEquals(steps + 1, lines.size());
        ObjectMapper m = new ObjectMapper();
        assertEquals(JournalFile.header(), lines.get(0), "the first line names the format and its version");
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(i, m.readTree(lines.get(i)).get("position").asLong());
        }
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    @DisplayName("--schedule first and another seed are reported in the header")
    void scheduleAndSeed() {
        assertTrue(Cli.run("run", "--schedule", "first", RM_DURING_CATS).out().contains("\nscheduler  first-enabled\n"));
        assertTrue(Cli.run("run", "--seed", "42", RM_DURING_CATS).out().contains("\nscheduler  random(seed=42)\n"));
    }

    @Test
    @DisplayName("run --help exits 0 and documents --seed")
    void help() {
        Cli r = Cli.run("run", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("--seed"), r::toString);
        assertTrue(r.out().contains("--semantics"), r::toString);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
