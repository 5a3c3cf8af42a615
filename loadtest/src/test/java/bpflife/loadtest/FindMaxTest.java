package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The search of {@code load --find-max}, over latency curves given by the test. */
@DisplayName("load --find-max: the search")
class FindMaxTest {
    private static final long MS = 1_000_000;
    private static final long BOUND = 100 * MS;

    /** A system whose p99 stays at 20 ms up to {@code knee} sessions/s and jumps to 2 s above it. */
    private static FindMax.Point kneeAt(double knee, double rate) {
        long p99 = rate <= knee ? 20 * MS : 2000 * MS;
        boolean ok = p99 <= BOUND;
        return new FindMax.Point(rate, "w-r" + (long) rate, rate, ok ? rate : knee, p99 / 2, p99, (long) rate * 10,
                0, 0, true, ok, ok ? "" : "p99 open to END over the bound");
    }

    @ParameterizedTest(name = "knee at {0}/s")
    @ValueSource(doubles = {37, 50, 130, 700, 1000, 2900})
    @DisplayName("finds the knee within a tenth, the curve sorted by rate")
    void findsTheKnee(double knee) {
        List<Double> tried = new ArrayList<>();
        FindMax.Result r = FindMax.search(50, 20, BOUND, rate -> {
            tried.add(rate);
            return kneeAt(knee, rate);
        });
        assertTrue(r.found(), "knee " + knee + ", tried " + tried);
        assertTrue(r.maxRate() <= knee && r.maxRate() >= knee * 0.9 - 1, "knee " + knee + ": found " + r.maxRate()
                + ", tried " + tried);
        for (int i = 1; i < r.curve().size(); i++) {
            assertTrue(r.curve().get(i - 1).rate() < r.curve().get(i).rate(), "sorted, distinct: " + tried);
        }
        assertEquals(tried.size(), r.curve().size());
    }

    @Test
    @DisplayName("when even the first rate fails, it halves; with none sustained there is no answer")
    void noneSustained() {
        FindMax.Result r = FindMax.search(50, 20, BOUND, rate -> kneeAt(0.5, rate));
        assertFalse(r.found());
        assertEquals(1, r.curve().get(0).rate(), "halved down to 1/s: " + r.curve());
    }

    @Test
    @DisplayName("a failed balance check stops the search")
    void unbalancedStops() {
        FindMax.Result r = FindMax.search(50, 20, BOUND, rate -> rate < 200 ? kneeAt(1000, rate)
                : new FindMax.Point(rate, "w", rate, rate, 0, 0, 0, 0, 0, false, false, "the balance check failed"));
        assertEquals(3, r.curve().size(), "50, 100, 200: " + r.curve());
        assertFalse(r.balanced());
        assertTrue(FindMaxReport.json(r, 10).contains("\"verdict\" : \"fail\""));
    }

    @Test
    @DisplayName("the text names the rate and the curve; every JSON field is in docs/LOAD-FIND-MAX-JSON.md")
    void reports() throws IOException {
        FindMax.Result r = FindMax.search(50, 20, BOUND, rate -> kneeAt(700, rate));
        String text = FindMaxReport.text(r, 10);
        assertTrue(text.startsWith("highest sustained rate: " + (long) r.maxRate() + " sessions/s"), text);
        assertTrue(text.contains("not sustained: p99 open to END over the bound"), text);
        JsonNode doc = new ObjectMapper().readTree(FindMaxReport.json(r, 10));
        assertEquals(r.maxRate(), doc.get("max_rate_per_s").asDouble());
        assertEquals(r.curve().size(), doc.get("stages").size());
        assertEquals("pass", doc.get("verdict").asText());
        String page = Files.readString(Path.of("..", "docs", "LOAD-FIND-MAX-JSON.md"));
        List<String> names = new ArrayList<>();
        collect(doc, names);
        for (String n : names) {
            assertTrue(page.contains("`" + n + "`"), "field " + n + " is not described in docs/LOAD-FIND-MAX-JSON.md");
        }
    }

    private static void collect(JsonNode node, List<String> names) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, names));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                names.add(e.getKey());
                collect(e.getValue(), names);
            }
        }
    }
}
