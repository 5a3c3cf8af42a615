package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code bpflife load} through the command line: a small run with its reports, JSON, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("bpflife load")
class LoadCommandTest {
    @TempDir
    static Path data;

    /** A dozen sessions on one pin, each dump read in one chunk (the defaults' 100 objects). */
    Cli load(String... args) {
        List<String> a = new ArrayList<>(List.of("load", "--sessions", "12", "--concurrency", "4", "--pins", "1",
                "--read-size", "8192", "--update-every", "50", "--rm-every", "0", "--data-dir", data.toString()));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }

    @Test
    @Order(1)
    @DisplayName("a small run passes the balance check and writes report.txt, report.json and report.html")
    void smallRun() throws IOException {
        Path dir = data.resolve("out");
        Cli r = load("--world", "l1", "--report", dir.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\nverdict: PASS"), r::toString);
        assertTrue(r.out().contains("PASS  opens = closes + alive: 12 opened = 12 closed + 0 alive"), r::toString);
        for (String f : List.of("report.txt", "report.json", "report.html")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f + " missing or empty\n" + r);
        }
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals("l1", doc.get("world").asText());
        assertEquals(12, doc.get("sessions").get("opened").asLong(), doc::toPrettyString);
    }

    @Test
    @Order(2)
    @DisplayName("--json prints the report as JSON")
    void json() throws IOException {
        Cli r = load("--world", "l2", "--json");
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("l2", doc.get("world").asText(), r::toString);
        assertEquals(1, doc.get("seed").asLong(), r::toString);
    }

    @Test
    @Order(3)
    @DisplayName("bad options, an unknown journal and a world name taken exit 2")
    void badInput() {
        Cli r = Cli.run("load", "--sessions", "0", "--data-dir", data.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("'--sessions': expected a whole number from 1 to 10000, found 0"), r::toString);
        r = load("--store", "mysql");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("use h2 or postgres"), r::toString);
        r = load("--world", "l1");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("world 'l1' exists already"), r::toString);
    }

    @Test
    @Order(4)
    @DisplayName("--rate runs the open model: 40 sessions due over a second, offered and achieved in the JSON")
    void openModel() throws IOException {
        Cli r = Cli.run("load", "--rate", "40/s", "--duration", "1", "--pins", "1", "--read-size", "8192",
                "--update-every", "0", "--rm-every", "0", "--world", "o1", "--json", "--data-dir", data.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode o = new ObjectMapper().readTree(r.out()).get("open_model");
        assertEquals("40/s", o.get("arrivals").asText(), r::toString);
        assertEquals(40, o.get("scheduled").asLong(), r::toString);
        assertEquals(40, o.get("started").asLong() + o.get("not_started").asLong(), r::toString);
        assertEquals(0, new java.math.BigDecimal("40.0").compareTo(o.get("offered_per_s").decimalValue()), r::toString);
    }

    @Test
    @Order(5)
    @DisplayName("the open model's options: one of --rate and --ramp, with --duration, never with --sessions")
    void openModelBadInput() {
        String dir = data.toString();
        Cli r = Cli.run("load", "--rate", "40/s", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--rate needs --duration S"), r::toString);
        r = Cli.run("load", "--rate", "40/s", "--duration", "1", "--sessions", "10", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--sessions is the closed model"), r::toString);
        r = Cli.run("load", "--rate", "40/s", "--ramp", "1..2", "--duration", "1", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--rate and --ramp are alternatives"), r::toString);
        r = Cli.run("load", "--ramp", "100", "--duration", "1", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("expected a ramp of sessions per second such as 100..1000, found '100'"),
                r::toString);
        r = Cli.run("load", "--rate", "fast", "--duration", "1", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("expected sessions per second such as 500/s, found 'fast'"), r::toString);
        r = Cli.run("load", "--rate", "1000/s", "--duration", "3600", "--data-dir", dir);
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("more than one run takes (50000)"), r::toString);
    }

    @Test
    @Order(6)
    @DisplayName("--find-max runs rising rates and prints the highest sustained with the curve")
    void findMax() throws IOException {
        Cli r = Cli.run("load", "--find-max", "--rate", "10/s", "--duration", "1", "--stages", "2", "--bound", "60000",
                "--pins", "1", "--read-size", "8192", "--update-every", "0", "--rm-every", "0", "--world", "fm",
                "--json", "--data-dir", data.toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(20, doc.get("max_rate_per_s").asLong(), r::toString);
        assertEquals(2, doc.get("stages").size(), r::toString);
        assertEquals("fm-r10", doc.get("stages").get(0).get("world").asText(), r::toString);
        assertTrue(r.err().contains("find-max: 20/s sustained"), r::toString);
        assertTrue(r.err().contains("find-max: a warm-up run first, not judged"), r::toString);
        Cli bad = Cli.run("load", "--bound", "5", "--data-dir", data.toString());
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("--bound belongs to --find-max"), bad::toString);
    }

    @Test
    @Order(7)
    @DisplayName("--warmup runs the arrivals first into NAME-warmup, not in the figures; the report names it")
    void warmup() throws IOException {
        Cli r = Cli.run("load", "--rate", "10/s", "--duration", "1", "--warmup", "1", "--pins", "1",
                "--read-size", "8192", "--update-every", "0", "--rm-every", "0", "--world", "wu", "--json",
                "--data-dir", data.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("warm-up: 10/s for 1 s (world wu-warmup)"), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("wu", doc.get("world").asText(), r::toString);
        assertEquals("1 s at 10/s before the run (world wu-warmup), not in these figures",
                doc.get("settings").get("warm-up").asText(), r::toString);
        // the measured run's sessions only: the warm-up's 10 are not counted
        assertEquals(10, doc.get("sessions").get("opened").asLong(), doc::toPrettyString);
        Cli closed = load("--world", "wu2", "--warmup", "5");
        assertEquals(2, closed.code(), closed::toString);
        assertTrue(closed.err().contains("--warmup belongs to the open model (--rate or --ramp)"), closed::toString);
    }
}
