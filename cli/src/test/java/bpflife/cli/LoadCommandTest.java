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
}
