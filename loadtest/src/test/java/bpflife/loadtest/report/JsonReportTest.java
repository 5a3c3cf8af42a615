package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("JSON report")
class JsonReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode parse(LoadSummary s) throws IOException {
        return MAPPER.readTree(JsonReport.render(s));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_261_126})
    @DisplayName("percentiles are the histogram's own, in microseconds, and every count is there")
    void percentilesAndCounts(long seed) throws IOException {
        LoadSummary s = Synthetic.summary(seed, 0);
        JsonNode doc = parse(s);
        String where = "seed " + seed;
        assertEquals(s.ops().size(), doc.get("ops").size(), where);
        for (int i = 0; i < s.ops().size(); i++) {
            OpStats op = s.ops().get(i);
            JsonNode n = doc.get("ops").get(i);
            assertEquals(op.op(), n.get("op").asText(), where);
            assertEquals(op.count(), n.get("count").asLong(), where);
            assertEquals(op.errors(), n.get("errors").asLong(), where);
            assertEquals(op.timeouts(), n.get("timeouts").asLong(), where);
            op.errnos().forEach((errno, count) -> assertEquals(count, n.get("errnos").get(errno).asLong(), where));
            JsonNode lat = n.get("latency_us");
            String[] fields = {"p50", "p90", "p99", "p99_9", "max"};
            for (int k = 0; k < fields.length; k++) {
                BigDecimal expected = BigDecimal.valueOf(op.latency().getValueAtPercentile(Latencies.LEVELS[k]), 3);
                assertTrue(lat.get(fields[k]).isNumber(), where + " " + fields[k] + " is a number");
                assertEquals(0, expected.compareTo(lat.get(fields[k]).decimalValue()),
                        where + " " + op.op() + " " + fields[k] + ": " + expected + " vs " + lat.get(fields[k]));
            }
            assertEquals(op.latency().getTotalCount(), lat.get("samples").asLong(), where);
            assertEquals(op.latency().getMean() / 1000, lat.get("mean").asDouble(), 0.001, where);
        }
        JsonNode sessions = doc.get("sessions");
        assertEquals(s.sessionsOpened(), sessions.get("opened").asLong(), where);
        assertEquals(s.sessionsClosed(), sessions.get("closed").asLong(), where);
        assertEquals(s.sessionsAlive(), sessions.get("alive").asLong(), where);
        assertEquals(s.peakSessionsAlive(), sessions.get("peak_alive").asLong(), where);
        assertEquals(s.eventsPersisted(), doc.get("events_persisted").asLong(), where);
        assertEquals(s.ops().stream().mapToLong(OpStats::count).sum(), doc.get("ops_total").asLong(), where);
        assertEquals(s.seed(), doc.get("seed").asLong(), where);
        assertEquals(s.timeline().size(), doc.get("timeline").size(), where);
        for (int i = 0; i < s.timeline().size(); i++) {
            Second sec = s.timeline().get(i);
            JsonNode n = doc.get("timeline").get(i);
            assertEquals(List.of(sec.second(), sec.ops(), sec.events(), sec.sessionsAlive(), sec.errors()),
                    List.of(n.get("second").asInt(), n.get("ops").asLong(), n.get("events").asLong(),
                            n.get("sessions_alive").asLong(), n.get("errors").asLong()), where);
        }
        assertTrue(doc.get("balanced").asBoolean(), where);
        assertEquals("pass", doc.get("verdict").asText(), where);
        assertEquals("PASS (7 checks passed)", doc.get("reason").asText(), where);
        assertEquals(s.elapsed().toMillis() / 1000.0, doc.get("elapsed_s").asDouble(), 1e-9, where);
    }

    @Test
    @DisplayName("a failed check makes balanced false and is named with its detail")
    void failedCheck() throws IOException {
        JsonNode doc = parse(Synthetic.summary(5, 1));
        assertFalse(doc.get("balanced").asBoolean());
        JsonNode first = doc.get("checks").get(0);
        assertEquals("refcounts equal holders", first.get("name").asText());
        assertFalse(first.get("passed").asBoolean());
        assertEquals("broken on link:t0.3 at step 0", first.get("detail").asText());
        assertEquals("fail", doc.get("verdict").asText());
        assertTrue(doc.get("reason").asText().startsWith("FAIL (1 of 7 checks failed"));
    }

    @Test
    @DisplayName("the same summary gives the same bytes, in the documented field order")
    void deterministicOrder() throws IOException {
        String a = JsonReport.render(Synthetic.summary(11, 0));
        assertEquals(a, JsonReport.render(Synthetic.summary(11, 0)));
        List<String> top = new ArrayList<>();
        MAPPER.readTree(a).fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("version", "world", "journal", "semantics", "seed", "started", "elapsed_s", "machine",
                "settings", "ops_total", "errors_total", "timeouts_total", "ops_per_s", "events_persisted",
                "events_persisted_per_s", "sessions", "open_model", "ops", "errnos", "timeline", "checks", "balanced", "verdict", "reason"),
                top);
        assertEquals("sessions", MAPPER.readTree(a).get("settings").fieldNames().next(), "settings keep their order");
    }

    @Test
    @DisplayName("every field name in the document is described in docs/LOADTEST-REPORT.md")
    void fieldsDocumented() throws IOException {
        Path doc = Path.of("..", "docs", "LOADTEST-REPORT.md");
        String text = Files.readString(doc);
        List<String> names = new ArrayList<>();
        JsonNode root = parse(Synthetic.summary(13, 1));
        collect(root, names, false);
        for (String name : names) {
            assertTrue(text.contains("`" + name + "`"), "field " + name + " is not described in " + doc);
        }
    }

    @Test
    @DisplayName("an open-model run reports offered and achieved rates, late and unstarted sessions, all documented")
    void openModel() throws IOException {
        LoadSummary base = Synthetic.summary(17, 0);
        org.HdrHistogram.Histogram delay = new org.HdrHistogram.Histogram(3);
        delay.recordValue(2_000_000);
        delay.recordValue(40_000_000);
        OpenModel o = new OpenModel("100/s..300/s", java.time.Duration.ofSeconds(10), 50,
                java.time.Duration.ofMillis(10), 2000, 1990, 37, 10, 1985, delay);
        LoadSummary s = new LoadSummary(base.settings(), base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), java.time.Duration.ofMillis(12_500), base.eventsPersisted(), base.sessionsOpened(),
                base.sessionsClosed(), base.sessionsAlive(), base.peakSessionsAlive(), base.ops(), base.timeline(),
                base.checks(), base.machine(), o);
        JsonNode n = parse(s).get("open_model");
        assertEquals("100/s..300/s", n.get("arrivals").asText());
        assertEquals(0, new BigDecimal("200.0").compareTo(n.get("offered_per_s").decimalValue()));
        assertEquals(0, new BigDecimal("158.8").compareTo(n.get("achieved_per_s").decimalValue()), "1985 / 12.5 s");
        assertEquals(List.of(2000L, 1990L, 37L, 10L, 1985L), List.of(n.get("scheduled").asLong(),
                n.get("started").asLong(), n.get("started_late").asLong(), n.get("not_started").asLong(),
                n.get("completed").asLong()));
        assertEquals(0, BigDecimal.valueOf(delay.getMaxValue(), 3).compareTo(
                n.get("start_delay_us").get("max").decimalValue()));
        assertTrue(parse(base).get("open_model").isNull(), "a closed-model run has open_model null");
        String text = Files.readString(Path.of("..", "docs", "LOADTEST-REPORT.md"));
        List<String> names = new ArrayList<>();
        collect(n, names, false);
        for (String name : names) {
            assertTrue(text.contains("`" + name + "`"), "field " + name + " is not described in the docs");
        }
        String plain = TextReport.render(s);
        assertTrue(plain.contains("offered 200.0 sessions/s") || plain.contains("offered 200 sessions/s"), plain);
        assertTrue(plain.contains("10 could not start"), plain);
    }

    @Test
    @DisplayName("a warm-up run before the run is a setting after duration, in the JSON and on the page")
    void warmUpSetting() throws IOException {
        LoadSummary s = Synthetic.summary(19, 0).withSetting("duration", "warm-up",
                "15 s at 500/s before the run (world w-warmup), not in these figures");
        List<String> keys = new ArrayList<>();
        parse(s).get("settings").fieldNames().forEachRemaining(keys::add);
        assertEquals(keys.indexOf("duration") + 1, keys.indexOf("warm-up"), keys::toString);
        assertEquals("15 s at 500/s before the run (world w-warmup), not in these figures",
                parse(s).get("settings").get("warm-up").asText());
        LoadSummary none = Synthetic.summary(19, 0).withSetting("no such setting", "warm-up", "x");
        List<String> last = new ArrayList<>();
        parse(none).get("settings").fieldNames().forEachRemaining(last::add);
        assertEquals("warm-up", last.get(last.size() - 1), "with no such setting it goes at the end");
        String text = Files.readString(Path.of("..", "docs", "LOADTEST-REPORT.md"));
        assertTrue(text.contains("`warm-up`"), "the settings key warm-up is not described in the docs");
    }

    /** Field names of root and everything under it, except the keys of maps (settings, errnos). */
    private static void collect(JsonNode node, List<String> names, boolean isMap) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, names, false));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!isMap && !names.contains(e.getKey())) {
                    names.add(e.getKey());
                }
                collect(e.getValue(), names, e.getKey().equals("settings") || e.getKey().equals("errnos"));
            }
        }
    }

    @Test
    @DisplayName("an operation no call of completed has latency_us null")
    void idleOperation() throws IOException {
        LoadSummary base = Synthetic.summary(9, 0);
        LoadSummary s = Synthetic.withOps(base, List.of(Synthetic.idle("fork")));
        JsonNode op = parse(s).get("ops").get(0);
        assertTrue(op.get("latency_us").isNull());
        assertEquals(0, op.get("count").asLong());
    }
}
