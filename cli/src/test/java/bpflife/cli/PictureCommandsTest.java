package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bpflife draw, trace, graph")
class PictureCommandsTest {

    @TempDir
    Path tmp;

    private static final String BUSY = "../bench/zoo/getfd-busy-host.scn";

    @Test
    @DisplayName("draw writes the page with the violation the run's replay finds")
    void draw() throws Exception {
        Path out = tmp.resolve("run.html");
        Cli c = Cli.run("draw", "--scenario", BUSY, "--semantics", "bug-inc-not-zero", "--seed", "2", "-o", out.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().startsWith("wrote " + out + " (1396 steps, "), c.out());
        assertTrue(c.out().contains("listing wrong on prog:tracer.1 at step 1396"), c.out());
        String html = Files.readString(out);
        assertTrue(html.contains("\"focus\":{\"step\":1396"), "the focus in the page's data");
    }

    @Test
    @DisplayName("trace writes trace-event JSON; graph writes DOT at --at")
    void traceAndGraph() throws Exception {
        Path json = tmp.resolve("run.json");
        Cli t = Cli.run("trace", "--scenario", Cli.scenario("rm-during-cats.scn"), "--seed", "3", "-o", json.toString());
        assertEquals(0, t.code(), t.err());
        JsonNode doc = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(json.toFile());
        assertTrue(doc.get("traceEvents").size() > 100);

        Cli g = Cli.run("graph", "--scenario", Cli.scenario("rm-during-cats.scn"), "--seed", "3", "--at", "40");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().startsWith("digraph refs {"), g.out());
        assertTrue(g.out().contains("right after step 40"), g.out());
    }

    @Test
    @DisplayName("bad input is one line and exit 2")
    void badInput() {
        Cli.bad("draw", "--scenario", Cli.scenario("rm-during-cats.scn"), "--at", "3", "-o", tmp.resolve("x.html").toString());
        Cli.bad("draw", "--scenario", Cli.scenario("rm-during-cats.scn"), "--from", "9", "--to", "3");
        Cli.bad("graph", "--scenario", Cli.scenario("rm-during-cats.scn"), "--at", "999999");
        Cli.bad("graph", "--scenario", Cli.scenario("rm-during-cats.scn"), "--object", "nonsense");
    }

    @Test
    @DisplayName("a stored world draws, traces and graphs like a deterministic run of the same journal")
    void world() throws Exception {
        String data = tmp.resolve("data").toString();
        Cli live = Cli.run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "pic", "--data-dir", data);
        assertEquals(0, live.code(), live.toString());
        Path html = tmp.resolve("w.html");
        Cli d = Cli.run("draw", "--world", "pic", "--data-dir", data, "-o", html.toString());
        assertEquals(0, d.code(), d.toString());
        assertTrue(d.out().startsWith("wrote " + html + " ("), d.out());
        assertTrue(Files.readString(html).contains("\"title\":\"world pic\""));
        Cli t = Cli.run("trace", "--world", "pic", "--data-dir", data, "-o", tmp.resolve("w.json").toString());
        assertEquals(0, t.code(), t.toString());
        Cli g = Cli.run("graph", "--world", "pic", "--data-dir", data, "--at", "50");
        assertEquals(0, g.code(), g.toString());
        assertTrue(g.out().contains("right after step 50"), g.out());
    }
}
