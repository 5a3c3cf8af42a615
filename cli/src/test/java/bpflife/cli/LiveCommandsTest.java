package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", through the command line on the default journal (H2 under
 * --data-dir): run --live --world w1, replay --world w1, audit link 1 --world w1, and the listings
 * at a step; bad worlds and ids exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("bpflife run --live, replay, audit, link show, prog show")
class LiveCommandsTest {
    /** One journal for the whole class (static: a @TempDir field is made anew for each test). */
    @TempDir
    static Path data;

    Cli run(String... args) {
        List<String> a = new java.util.ArrayList<>(List.of(args));
        a.add("--data-dir");
        a.add(data.toString());
        return Cli.run(a.toArray(String[]::new));
    }

    @Test
    @Order(1)
    @DisplayName("run --live --world w1 prints the run's report from the journal and PASS")
    void runLive() {
        Cli r = run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "w1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("scheduler  live (pekko, world w1, h2 journal)"), r::toString);
        assertTrue(r.out().contains("\nverdict: PASS\n"), r::toString);
        assertTrue(r.out().contains("invariants:\n  all held after every one of "), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("world w1 (h2 ") && l.endsWith("bpflife replay --world w1")),
                r::toString);
    }

    @Test
    @Order(2)
    @DisplayName("replay --world w1 reproduces every step")
    void replayWorld() {
        Cli r = run("replay", "--world", "w1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("replayed; every step produced the recorded events, spawned objects, messages and "
                + "reply"), r::toString);
        assertTrue(r.out().endsWith("verdict: IDENTICAL\n"), r::toString);
    }

    @Test
    @Order(3)
    @DisplayName("replay --world w1 --semantics bug-inc-not-zero says whether the designs part")
    void replayOtherSemantics() {
        Cli r = run("replay", "--world", "w1", "--semantics", "bug-prog-ref-outside-lock", "--json");
        assertTrue(r.code() == 0 || r.code() == 1, r::toString);
        assertTrue(r.out().contains("\"semantics\" : \"bug-prog-ref-outside-lock\""), r::toString);
        assertTrue(r.out().contains("\"recorded_semantics\" : \"linux\""), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "REPLAY-JSON.md", java.util.Set.of());
        assertEquals("world", doc.get("source").asText());
        assertEquals(r.code() == 0 ? "pass" : "fail", doc.get("verdict").asText(), r::toString);
        JsonNode same = JsonDocs.parse(run("replay", "--world", "w1", "--json").out());
        assertEquals("pass", same.get("verdict").asText(), same::toString);
        assertTrue(same.get("identical").asBoolean());
    }

    @Test
    @Order(4)
    @DisplayName("audit link 1 --world w1 prints the link's history, created first and freed last")
    void auditLink() throws IOException {
        Cli r = run("audit", "link", "1", "--world", "w1");
        assertEquals(0, r.code(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("link 1 (link:setup.3) in world w1", lines.get(0));
        assertTrue(lines.get(1).matches("  #\\d+ +created by task:setup \\(l = link create p\\): prog 1 \\(dump_task\\), "
                + "target task"), lines.get(1));
        assertTrue(lines.getLast().matches("  #\\d+ +freed"), lines.getLast());
        JsonNode j = JsonDocs.parse(run("audit", "link", "1", "--world", "w1", "--json").out());
        JsonDocs.assertDocumented(j, "AUDIT-JSON.md", java.util.Set.of());
        assertEquals("link:setup.3", j.get("object").asText());
        assertEquals("created", j.get("history").get(0).get("what").asText());
        assertEquals(lines.size() - 1, j.get("history").size());
    }

    @Test
    @Order(5)
    @DisplayName("audit prog 1 and audit path show their histories")
    void auditProgAndPath() {
        Cli p = run("audit", "prog", "1", "--world", "w1");
        assertEquals(0, p.code(), p::toString);
        assertTrue(p.out().contains("loaded by task:setup (p = prog load dump_task target task pad 24)"), p::toString);
        Cli f = run("audit", "path", "/sys/fs/bpf/tasks/foo", "--world", "w1");
        assertEquals(0, f.code(), f::toString);
        assertTrue(f.out().contains("unlinked (inode:1, link:setup.3) by task:rm (rm /sys/fs/bpf/tasks/foo)"), f::toString);
    }

    @Test
    @Order(6)
    @DisplayName("link show / prog show at a step print bpftool's lines; at the end nothing is listed")
    void showAt() {
        Cli end = run("link", "show", "--world", "w1");
        assertEquals(0, end.code(), end::toString);
        assertEquals("", end.out());
        // the link is listed from its pin until its last reference goes
        String audit = run("audit", "link", "1", "--world", "w1").out();
        String pinned = audit.lines().filter(l -> l.contains(" pinned at ")).findFirst().orElseThrow().trim().split(" ")[0]
                .substring(1);
        Cli at = run("link", "show", "--world", "w1", "--at", pinned);
        // setup still holds the link's fd when it pins it: bpftool's pids line names it
        assertEquals("1: iter  prog 1  target_name task  \n\tpids setup(1000)\n", at.out(), at::toString);
        Cli json = run("prog", "show", "--world", "w1", "--at", pinned, "--json");
        assertTrue(json.out().matches("\\[\\{\"id\":1,\"type\":\"tracing\",\"name\":\"dump_task\",\"tag\":"
                + "\"cbb07b0fca646dcf\",\"gpl_compatible\":true,\"loaded_at\":\\d+,\"uid\":0,\"bytes_xlated\":1224,"
                + "\"jited\":true,\"bytes_jited\":779,\"bytes_memlock\":4096,\"map_ids\":\\[1000001],"
                + "\"btf_id\":1000001(,\"pids\":\\[\\{\"pid\":1000,\"comm\":\"setup\"}])?}]\n"), json::toString);
    }

    @Test
    @Order(7)
    @DisplayName("a run's --journal file replays with its scenario")
    void replayJournalFile() throws IOException {
        Path jsonl = data.resolve("run.jsonl");
        assertEquals(0, Cli.run("run", Cli.scenario("rm-during-cats.scn"), "--seed", "7", "--journal", jsonl.toString())
                .code());
        Cli r = Cli.run("replay", "--journal", jsonl.toString(), "--scenario", Cli.scenario("rm-during-cats.scn"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().endsWith("verdict: IDENTICAL\n"), r::toString);
        // a line changed (line 11: the first holds the format's version): the replay names the
        // step where the runs part
        List<String> lines = Files.readAllLines(jsonl);
        lines.set(10, lines.get(10).replace("\"channel_seq\":1", "\"channel_seq\":2"));
        Files.write(jsonl, lines);
        Cli d = Cli.run("replay", "--journal", jsonl.toString(), "--scenario", Cli.scenario("rm-during-cats.scn"));
        assertEquals(1, d.code(), d::toString);
        assertTrue(d.out().contains("first difference at step 10"), d::toString);
    }

    @Test
    @Order(8)
    @DisplayName("unknown world, unknown id, a taken world name, --world without --live: exit 2 with one line")
    void badInput() {
        for (Cli r : List.of(run("replay", "--world", "nope"), run("audit", "link", "9", "--world", "w1"),
                run("audit", "path", "/sys/fs/bpf/never", "--world", "w1"),
                run("link", "show", "--world", "w1", "--at", "999999"),
                run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "w1"),
                run("run", Cli.scenario("rm-during-cats.scn"), "--world", "w1"),
                run("audit", "link", "1", "--world", "bad|name"))) {
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().startsWith("Error: "), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
        }
        assertTrue(run("replay", "--world", "nope").err().contains("no world 'nope' in the journal"));
        assertTrue(run("audit", "link", "9", "--world", "w1").err().contains("no link with id 9 in this world (link ids: 1)"));
    }

    @Test
    @Order(9)
    @DisplayName("replay and audit take every history source (a seeded run, a journal file, --at for audit); "
            + "the options they do not take are one line and exit 2")
    void everyHistorySource() throws IOException {
        String scn = Cli.scenario("rm-during-cats.scn");
        Cli seeded = Cli.run("replay", "--scenario", scn, "--seed", "7");
        assertEquals(0, seeded.code(), seeded::toString);
        assertTrue(seeded.out().startsWith("run        " + scn + " seed 7\n"), seeded::toString);
        assertTrue(seeded.out().endsWith("verdict: IDENTICAL\n"), seeded::toString);
        JsonNode j = JsonDocs.parse(Cli.run("replay", "--scenario", scn, "--seed", "7", "--json").out());
        JsonDocs.assertDocumented(j, "REPLAY-JSON.md", java.util.Set.of());
        assertEquals("scenario", j.get("source").asText());

        // the seeded run and the stored world w1 (a live run of the same scenario) audit alike in shape
        Cli a = Cli.run("audit", "link", "1", "--scenario", scn, "--seed", "7");
        assertEquals(0, a.code(), a::toString);
        List<String> lines = a.out().lines().toList();
        assertEquals("link 1 (link:setup.3) in scenario " + scn + " seed 7", lines.get(0));
        assertTrue(lines.getLast().matches("  #\\d+ +freed"), lines.getLast());
        long created = Long.parseLong(lines.get(1).trim().split(" ")[0].substring(1));
        Cli early = Cli.run("audit", "link", "1", "--scenario", scn, "--seed", "7", "--at", Long.toString(created));
        assertEquals(0, early.code(), early::toString);
        assertEquals(List.of("link 1 (link:setup.3) in scenario " + scn + " seed 7 up to step " + created,
                lines.get(1).replaceAll(" +", " ")), early.out().lines().map(l -> l.replaceAll(" +", " ")).toList(),
                "--at stops the history at the step");
        JsonNode aj = JsonDocs.parse(Cli.run("audit", "link", "1", "--scenario", scn, "--seed", "7", "--at",
                Long.toString(created), "--json").out());
        JsonDocs.assertDocumented(aj, "AUDIT-JSON.md", java.util.Set.of());
        assertEquals(created, aj.get("at").asLong());
        assertEquals("scenario", aj.get("source").asText());

        Path jsonl = data.resolve("audit.jsonl");
        assertEquals(0, Cli.run("run", scn, "--seed", "7", "--journal", jsonl.toString()).code());
        Cli fromFile = Cli.run("audit", "path", "/sys/fs/bpf/tasks/foo", "--journal", jsonl.toString(), "--scenario", scn);
        assertEquals(0, fromFile.code(), fromFile::toString);
        assertEquals(Cli.run("audit", "path", "/sys/fs/bpf/tasks/foo", "--scenario", scn, "--seed", "7").out()
                .lines().skip(1).toList(), fromFile.out().lines().skip(1).toList(), "the journal of the same run");

        for (Cli bad : List.of(run("replay", "--world", "w1", "--at", "5"),
                run("draw", "--world", "w1", "--semantics", "linux", "-o", data.resolve("x.html").toString()),
                Cli.run("audit", "link", "1", "--scenario", scn, "--data-dir", data.toString()))) {
            assertEquals(2, bad.code(), bad::toString);
            assertEquals(1, bad.err().lines().count(), bad::toString);
            assertTrue(bad.err().startsWith("Error: "), bad::toString);
        }
    }
}
