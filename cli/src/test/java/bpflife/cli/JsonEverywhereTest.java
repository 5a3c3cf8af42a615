package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --json on the commands that had none (semantics, diff, shrink, draw/trace/graph -o), each against
 * its page with the strict parser, and {@code {"error":...}} on stdout for a failure in JSON mode.
 */
@DisplayName("--json on every command, errors included")
class JsonEverywhereTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("semantics --json lists every variant, documented")
    void semantics() {
        Cli r = Cli.run("semantics", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = JsonDocs.parse(r.out());
        JsonDocs.assertDocumented(doc, "SEMANTICS-JSON.md", Set.of());
        assertEquals("linux", doc.get("semantics").get(0).get("name").asText());
        assertEquals(bpflife.model.Semantics.all().size(), doc.get("semantics").size());
    }

    @Test
    @DisplayName("diff, shrink, draw, trace and graph with --json: one strict document each, every field documented")
    void counterexample() throws Exception {
        Cli c = Cli.run("explore", Cli.scenario("prog-ref-outside-lock.scn"), "--semantics",
                "bug-prog-ref-outside-lock", "--out", dir.toString(), "--seed", "7");
        assertEquals(1, c.code(), c::toString);
        String schedule = dir.resolve("prog-ref-outside-lock.schedule").toString();

        Cli d = Cli.run("diff", "--schedule", schedule, "--semantics", "bug-prog-ref-outside-lock", "--against",
                "linux", "--json");
        assertTrue(d.code() == 0 || d.code() == 1, d::toString);
        JsonNode diff = JsonDocs.parse(d.out());
        JsonDocs.assertDocumented(diff, "DIFF-JSON.md", Set.of());
        assertEquals(d.code() == 0 ? "pass" : "fail", diff.get("verdict").asText());
        Cli same = Cli.run("diff", "--schedule", schedule, "--semantics", "bug-prog-ref-outside-lock", "--against",
                "bug-prog-ref-outside-lock", "--json");
        assertEquals(0, same.code(), same::toString);
        assertEquals("pass", JsonDocs.parse(same.out()).get("verdict").asText());

        Cli s = Cli.run("shrink", "--schedule", schedule, "--time", "5", "--json");
        assertEquals(0, s.code(), s::toString);
        JsonNode shrink = JsonDocs.parse(s.out());
        JsonDocs.assertDocumented(shrink, "SHRINK-JSON.md", Set.of());
        assertTrue(shrink.get("shrunk").get("deliveries").asLong() <= shrink.get("original").get("deliveries").asLong());
        assertTrue(Files.exists(Path.of(shrink.get("shrunk_schedule").asText())));

        for (List<String> pic : List.of(List.of("draw", "run.html"), List.of("trace", "run.json"),
                List.of("graph", "run.dot"))) {
            Path out = dir.resolve(pic.get(1));
            Cli p = Cli.run(pic.get(0), "--schedule", schedule, "-o", out.toString(), "--json");
            assertEquals(0, p.code(), p::toString);
            JsonNode doc = JsonDocs.parse(p.out());
            JsonDocs.assertDocumented(doc, "PICTURES-JSON.md", Set.of());
            assertEquals(pic.get(0), doc.get("command").asText());
            assertEquals(Files.size(out), doc.get("bytes").asLong());
            assertEquals("schedule", doc.get("source").asText());
        }
        Cli noFile = Cli.run("trace", "--schedule", schedule, "--json");
        assertEquals(2, noFile.code(), noFile::toString);
    }

    @Test
    @DisplayName("a failure in JSON mode is {\"error\": ...} on stdout too, the same words as stderr's line")
    void errorsInJsonMode() {
        for (String[] args : List.of(new String[] {"run", "nope.scn", "--json"}, new String[] {"run", "--json"},
                new String[] {"explore", "nope.scn", "--json"}, new String[] {"semantics", "--json", "--bogus"})) {
            Cli r = Cli.run(args);
            assertEquals(2, r.code(), r::toString);
            JsonNode doc = JsonDocs.parse(r.out());
            String err = r.err().strip();
            assertTrue(err.startsWith("Error: " + doc.get("error").asText()), r::toString);
            assertEquals(1, doc.size(), "only the error: " + doc);
        }
        Cli plain = Cli.run("run", "nope.scn");
        assertEquals("", plain.out(), "no JSON without --json");
    }
}
