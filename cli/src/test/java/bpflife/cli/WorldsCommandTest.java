package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, F2 and F6 through the CLI: a bad world name is refused before the journal is opened
 * (nothing written, the name not taken); {@code bpflife worlds} lists name, scenario, steps,
 * status and size ({@code --json} too); {@code worlds rm NAME} deletes one; a journal write that
 * fails (a full disk, injected in a child JVM) ends {@code run --live} with one line and exit 2.
 */
class WorldsCommandTest {
    @TempDir
    Path data;

    private Cli run(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--data-dir");
        a.add(data.toString());
        return Cli.run(a.toArray(String[]::new));
    }

    @Test
    @Timeout(10)
    void aBadWorldNameIsRefusedBeforeTheJournalIsOpened() {
        for (String bad : List.of("x".repeat(300), "bad name", "a/b", "\u001b[31mred")) {
            Cli r = run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", bad);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("Error: bad world name '"), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertFalse(r.err().contains("\u001b"), r.toString());
        }
        assertTrue(run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "x".repeat(65)).err()
                .contains("it has 65 characters, at most 64"));
        assertFalse(Files.exists(data.resolve("journal.mv.db")), "nothing is written for a bad name");
    }

    @Test
    @Timeout(60)
    void worldsAreListedWithTheirStatusAndOneIsRemoved() throws Exception {
        assertEquals(0, run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "w_1").code());
        assertEquals(0, run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "w-2").code());
        Cli list = run("worlds");
        assertEquals(0, list.code(), list.toString());
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).matches("NAME +SCENARIO +STEPS +STATUS +SIZE"), list.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("w_1 +rm-during-cats +\\d+ +complete +\\d+ (B|kB)")),
                list.toString());
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), list.toString());

        Cli json = run("worlds", "--json");
        assertEquals(0, json.code(), json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(1, doc.get("version").asInt());
        JsonNode w = doc.get("worlds").get(0);
        assertEquals("w-2", w.get("name").asText());
        assertEquals("complete", w.get("status").asText());
        assertEquals("rm-during-cats", w.get("scenario").asText());
        assertEquals(64, w.get("scenario_sha256").asText().length());
        assertTrue(w.get("steps").asLong() > 0 && w.get("bytes").asLong() > 0);
        String page = Files.readString(Path.of("..", "docs", "WORLDS-JSON.md"));
        List<String> fields = new ArrayList<>();
        doc.fieldNames().forEachRemaining(fields::add);
        w.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            assertTrue(page.contains("| `" + f + "` |"), "field " + f + " is not described in docs/WORLDS-JSON.md");
        }

        Cli rm = run("worlds", "rm", "w_1");
        assertEquals(0, rm.code(), rm.toString());
        assertTrue(rm.out().startsWith("world w_1 deleted ("), rm.toString());
        assertFalse(run("worlds").out().contains("w_1 "));
        Cli again = run("worlds", "rm", "w_1");
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().startsWith("Error: no world 'w_1' in the journal"), again.toString());
        assertEquals(0, run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "w_1").code(),
                "the name is free again");
        Cli rmJson = run("worlds", "rm", "w_1", "--json");
        assertEquals(0, rmJson.code(), rmJson.toString());
        com.fasterxml.jackson.databind.JsonNode deleted = JsonDocs.parse(rmJson.out());
        JsonDocs.assertDocumented(deleted, "WORLDS-JSON.md", java.util.Set.of());
        assertEquals("w_1", deleted.get("deleted").asText());
        assertTrue(deleted.get("rows").asLong() > 0, rmJson.toString());
    }

    /** F2: a full disk mid-run: within seconds, one line naming world and step, exit 2, no stack trace. */
    @ParameterizedTest
    @ValueSource(strings = {"run", "load"})
    @Timeout(60)
    void aFailedJournalWriteEndsTheRunWithOneLine(String command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-Djdbc-journal.dao=" + FullDiskJournalDao.class.getName(), "-Dbpflife.test.writes=20",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(command.equals("run")
                ? List.of("run", Cli.scenario("load-cats-rm-update.scn"), "--live", "--world", "full")
                : List.of("load", "--sessions", "500", "--concurrency", "50", "--world", "full"));
        cmd.addAll(List.of("--data-dir", data.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> err = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    err.add(l);
                }
            }
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, p.exitValue(), String.join("\n", err));
        assertEquals(1, err.size(), String.join("\n", err));
        String line = err.get(0);
        assertTrue(line.matches("Error: journal write failed at world full step \\d+ \\(\\S+\\): No space left on device; "
                + "\\d+ steps are durable; the world could not be marked failed \\(No space left on device\\)"), line);
        assertTrue(ms < 30_000, ms + " ms (a JVM start included)");
    }
}
