package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bpflife kernel")
class KernelCommandTest {

    @TempDir
    Path tmp;

    /** Runs {@code bpflife kernel ...}; a check that cannot run on this machine skips the test, saying why. */
    private static Cli kernel(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "kernel";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli r = Cli.run(all);
        assumeFalse(r.code() == KernelCommand.SKIPPED && !r.out().contains("is not below /sys/fs/bpf"),
                () -> "kernel check not run here: " + r.out().lines().filter(l -> l.startsWith("not run: "))
                        .findFirst().orElse(r.toString()));
        return r;
    }

    @Test
    @DisplayName("--help names every exit code, the not-run one (4) too")
    void help() {
        Cli r = Cli.run("kernel", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Usage: bpflife kernel [OPTIONS] FILE.scn"), r::toString);
        assertTrue(r.out().matches("(?s).*\\n  4 +not run: the check cannot run here.*"), r::toString);
        assertTrue(r.out().matches("(?s).*\\n  1 +they differ.*"), r::toString);
        assertTrue(r.out().matches("(?s).*\\n  130 +interrupted.*"), r::toString);
    }

    @Test
    @DisplayName("bad input exits 2: a missing file, a bad --order, a schedule that does not exist")
    void badInput() {
        Cli r = Cli.run("kernel", tmp.resolve("nope.scn").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("Error: can't read scenario"), r::toString);
        r = Cli.run("kernel", "--order", "sideways", Cli.scenario("rm-during-cats.scn"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("expected entered or returned, found 'sideways'"), r::toString);
        r = Cli.run("kernel", "--schedule", tmp.resolve("none.txt").toString(), Cli.scenario("rm-during-cats.scn"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("No such file or directory"), r::toString);
    }

    @Test
    @DisplayName("a statement no real kernel can run: not run, exit 4, with the reason")
    void skipped() throws Exception {
        Path scn = tmp.resolve("outside.scn");
        Files.writeString(scn, "task t:\n    mkdir /tmp/x\n");
        Cli r = Cli.run("kernel", scn.toString());
        assertEquals(KernelCommand.SKIPPED, r.code(), r::toString);
        assertTrue(r.out().contains("\nnot run: " + scn + ":2:5 'mkdir /tmp/x': /tmp/x is not below /sys/fs/bpf"),
                r::toString);
    }

    @Test
    @DisplayName("several scenarios: each is checked, and a summary counts and lists those not run (exit 4), never "
            + "as agreements")
    void severalScenarios() throws Exception {
        Path outside = tmp.resolve("outside.scn");
        Files.writeString(outside, "task t:\n    mkdir /tmp/x\n");
        Cli r = kernel(Cli.scenario("task-tid-no-task.scn"), outside.toString());
        assertEquals(KernelCommand.SKIPPED, r.code(), r::toString);
        assertTrue(r.out().contains("\nscenarios  2: 1 agree, 0 differ, 1 not run\n  not run  " + outside + ": "
                + outside + ":2:5 'mkdir /tmp/x': /tmp/x is not below /sys/fs/bpf"), r::toString);
        Cli json = Cli.run("kernel", "--json", Cli.scenario("task-tid-no-task.scn"), outside.toString());
        assertEquals(2, json.code(), json::toString);
        assertTrue(json.err().contains("--json takes one FILE.scn (found 2)"), json::toString);
    }

    @Test
    @DisplayName("rm-during-cats on the real kernel agrees with the model: exit 0")
    void rmDuringCatsAgrees() {
        Cli r = kernel(Cli.scenario("rm-during-cats.scn"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("scenario   rm-during-cats\n"), r::toString);
        assertTrue(r.out().contains("\nkernel     Linux "), r::toString);
        assertTrue(r.out().matches("(?s).*\\n +\\d+  late: f = open /sys/fs/bpf/tasks/foo +ENOENT \\(No such file or "
                + "directory\\) +ENOENT \\(No such file or directory\\) +ok\\n.*"), r::toString);
        assertTrue(r.out().contains("\n  holder.f  model   dump_task, session +2, 3 objects (seq 0..2), 1 END (seq=2), "
                + "complete\n"), r::toString);
        assertTrue(r.out().contains("\nverdict: AGREE ("), r::toString);
    }

    @Test
    @DisplayName("--json, and --schedule with a journal of bpflife run")
    void jsonAndSchedule() throws Exception {
        Path journal = tmp.resolve("run.jsonl");
        Cli run = Cli.run("run", "--seed", "7", "--journal", journal.toString(), Cli.scenario("update-under-reader.scn"));
        assertEquals(0, run.code(), run::toString);
        Cli r = kernel("--json", "--schedule", journal.toString(), Cli.scenario("update-under-reader.scn"));
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "KERNEL-JSON.md", java.util.Set.of());
        assertEquals("pass", doc.get("verdict").asText(), r::toString);
        assertTrue(doc.get("model").asText().contains("replayed"), r::toString);
        assertEquals(0, doc.get("differences").size());
        assertTrue(doc.get("calls").size() > 10);
        assertEquals("agree", doc.get("end").get("link_show").get("verdict").asText());
    }

    @Test
    @DisplayName("a schedule that does not apply to the scenario is bad input")
    void scheduleThatDoesNotApply() throws Exception {
        Path journal = tmp.resolve("other.jsonl");
        assertEquals(0, Cli.run("run", "--journal", journal.toString(), Cli.scenario("anon-outlives-link.scn")).code());
        Cli r = kernel("--schedule", journal.toString(), Cli.scenario("rm-during-cats.scn"));
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("Error: the schedule '" + journal + "' does not apply to "), r::toString);
    }
}
