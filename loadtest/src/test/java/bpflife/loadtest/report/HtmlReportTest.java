package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("HTML report")
class HtmlReportTest {

    static final String HOSTILE = "<script>alert('x')</script> & \"quoted\" </td></tr></table>";

    /** The page read as XML: it must be well-formed (every tag closed, everything escaped). */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setExpandEntityReferences(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nl = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    /** The charts' figures: the page's JSON block, read by a parser that refuses duplicate keys. */
    static JsonNode data(String html) throws Exception {
        int from = html.indexOf("<script type=\"application/json\" id=\"report-data\">");
        assertTrue(from >= 0, "the data block");
        from = html.indexOf('>', from) + 1;
        String json = html.substring(from, html.indexOf("</script>", from));
        return new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(json);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_261_126})
    @DisplayName("the page is well-formed, inlines its charts' scripts and loads nothing from anywhere")
    void wellFormedAndSelfContained(long seed) throws Exception {
        LoadSummary s = Synthetic.summary(seed, 0);
        String html = HtmlReport.render(s);
        Document d = parse(html);
        assertEquals("html", d.getDocumentElement().getTagName(), "seed " + seed);
        List<Element> scripts = elements(d, "script");
        assertEquals(3, scripts.size(), "the data, uPlot and the charts' script");
        for (Element sc : scripts) {
            assertEquals("", sc.getAttribute("src"), "seed " + seed + ": a script loaded from elsewhere");
        }
        assertTrue(html.contains("uPlot"), "uPlot is inlined");
        assertFalse(html.toLowerCase().contains("<link"), "seed " + seed);
        assertFalse(html.toLowerCase().contains("<img"), "seed " + seed);
        assertFalse(html.contains("url("), "seed " + seed + ": the style sheet loads something");
        // the one address in the page is in uPlot's licence comment
        assertEquals(1, html.split("https?://", -1).length - 1 - count(html, "http://www.w3.org/"), "seed " + seed);
        assertTrue(html.contains("https://github.com/leeoniya/uPlot"));
        assertTrue(html.contains("verdict: PASS (7 checks passed)"), "seed " + seed);
        assertTrue(html.contains(bpflife.protocol.BuildInfo.current().describe()), "version and commit");
        JsonNode data = data(html);
        assertEquals(s.timeline().size(), data.get("timeline").get("t").size());
        assertEquals(s.ops().size(), data.get("ops").size(), "every synthetic op is timed");
        for (JsonNode op : data.get("ops")) {
            assertEquals(data.get("nines").size(), op.get("us").size(), op.get("op") + ": one value per x");
        }
        assertTrue(data.get("over_time").isNull(), "no latencies second by second in this run");
    }

    private static int count(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    @DisplayName("an untimed operation is in the table but in no latency chart, nor in \"all calls\" (nor is dump)")
    void untimedLeftOut() throws Exception {
        LoadSummary base = Synthetic.summary(5, 0);
        List<OpStats> ops = new ArrayList<>(base.ops());
        org.HdrHistogram.Histogram zero = new org.HdrHistogram.Histogram(3);
        zero.recordValueWithCount(0, 40);
        ops.add(new OpStats("exit", 40, new java.util.TreeMap<>(), 0, zero));
        LoadSummary s = Synthetic.withOps(base, ops);
        String html = HtmlReport.render(s);
        JsonNode data = data(html);
        List<String> charted = new ArrayList<>();
        data.get("ops").forEach(o -> charted.add(o.get("op").asText()));
        assertFalse(charted.contains("exit"), charted.toString());
        assertTrue(charted.contains("dump"), "dump has its own chart");
        Document d = parse(html);
        List<Element> rows = rows(d);
        Element exit = rows.get(ops.size() - 1);
        assertEquals("exit", cell(exit, 0));
        assertEquals("untimed", cell(exit, Rows.FIRST_PERCENTILE));
        Element all = rows.get(rows.size() - 1);
        assertEquals("all calls", cell(all, 0));
        long expected = s.ops().stream().filter(o -> !o.op().equals("exit") && !o.op().equals("dump"))
                .mapToLong(OpStats::count).sum();
        assertEquals(Long.toString(expected), cell(all, 1));
        assertTrue(html.contains("leave out the untimed exit"), "the note says what \"all calls\" leaves out");
    }

    @Test
    @DisplayName("the workload's race errnos are listed as expected, any other as not")
    void expectedErrnos() throws Exception {
        LoadSummary base = Synthetic.summary(6, 0);
        List<OpStats> ops = new ArrayList<>();
        for (OpStats op : base.ops()) {
            java.util.TreeMap<String, Long> errnos = new java.util.TreeMap<>();
            if (op.op().equals("open")) {
                errnos.put("ENOENT", 12L);
            }
            if (op.op().equals("read")) {
                errnos.put("EBADF", 1L);
            }
            ops.add(new OpStats(op.op(), op.count(), errnos, 0, op.latency()));
        }
        Document d = parse(HtmlReport.render(Synthetic.withOps(base, ops)));
        Element table = elements(d, "table").stream().filter(t -> t.getAttribute("class").equals("errors"))
                .findFirst().orElseThrow();
        List<String> lines = new ArrayList<>();
        NodeList trs = table.getElementsByTagName("tr");
        for (int i = 1; i < trs.getLength(); i++) {
            lines.add(cell((Element) trs.item(i), 0) + " | " + cell((Element) trs.item(i), 3));
        }
        assertEquals(List.of("EBADF | NO (read)",
                "ENOENT | yes: the pin was removed by an unlinker and not yet put back"), lines);
        assertTrue(elements(d, "p").stream().anyMatch(p -> p.getAttribute("class").equals("unexpected")
                && p.getTextContent().startsWith("1 calls returned an errno")));
    }

    @Test
    @DisplayName("the call timeout from the settings is drawn; latencies second by second are charted when kept")
    void timeoutAndOverTime() throws Exception {
        LoadSummary base = Synthetic.summary(9, 0);
        java.util.LinkedHashMap<String, String> settings = new java.util.LinkedHashMap<>(base.settings());
        settings.put("call-timeout", "5000 ms");
        LoadSummary s = new LoadSummary(settings, base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), base.elapsed(), base.eventsPersisted(), base.sessionsOpened(), base.sessionsClosed(),
                base.sessionsAlive(), base.peakSessionsAlive(), base.ops(), base.timeline(), base.checks(),
                base.machine());
        LatencyOverTime ot = Synthetic.overTime(s, 9);
        JsonNode data = data(HtmlReport.render(s, ot));
        assertEquals(5_000_000, data.get("timeout_us").asLong());
        JsonNode over = data.get("over_time");
        assertEquals(s.timeline().size(), over.get("t").size());
        assertEquals(4, over.get("series").size(), "p50, p90, p99, max of all calls");
        assertEquals(OpKinds.calls(s).size(), over.get("ops").size(), "a p99 line per call kind");
        JsonNode p50 = over.get("series").get(0).get("us");
        JsonNode max = over.get("series").get(3).get("us");
        for (int i = 0; i < p50.size(); i++) {
            if (!p50.get(i).isNull()) {
                assertTrue(p50.get(i).asDouble() <= max.get(i).asDouble(), "p50 <= max at second " + i);
            }
        }
    }

    private static List<Element> rows(Document d) {
        Element table = elements(d, "table").stream().filter(t -> t.getAttribute("class").equals("ops")).findFirst()
                .orElseThrow();
        NodeList rows = table.getElementsByTagName("tbody").item(0).getChildNodes();
        List<Element> trs = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            if (rows.item(i) instanceof Element e) {
                trs.add(e);
            }
        }
        return trs;
    }

    private static String cell(Element tr, int i) {
        return tr.getElementsByTagName("td").item(i).getTextContent();
    }

    @Test
    @DisplayName("the summary table holds each operation's percentiles")
    void summaryTable() throws Exception {
        LoadSummary s = Synthetic.summary(21, 0);
        Document d = parse(HtmlReport.render(s));
        Element table = elements(d, "table").stream().filter(t -> t.getAttribute("class").equals("ops")).findFirst()
                .orElseThrow();
        NodeList rows = table.getElementsByTagName("tbody").item(0).getChildNodes();
        List<Element> trs = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            if (rows.item(i) instanceof Element e) {
                trs.add(e);
            }
        }
        assertEquals(s.ops().size() + 1, trs.size());
        assertEquals("all calls", trs.get(trs.size() - 1).getElementsByTagName("td").item(0).getTextContent());
        for (int i = 0; i < s.ops().size(); i++) {
            OpStats op = s.ops().get(i);
            NodeList tds = trs.get(i).getElementsByTagName("td");
            assertEquals(op.op(), tds.item(0).getTextContent());
            assertEquals(Long.toString(op.count()), tds.item(1).getTextContent());
            assertEquals(Units.duration(op.latency().getValueAtPercentile(99)),
                    tds.item(Rows.FIRST_PERCENTILE + 2).getTextContent(), op.op() + " p99");
        }
    }

    @Test
    @DisplayName("hostile strings are escaped: a check's detail cannot inject markup")
    void escapes() throws Exception {
        LoadSummary base = Synthetic.summary(3, 0, "w<b>\"&'");
        List<Check> checks = new ArrayList<>(base.checks());
        checks.add(new Check("injected <i>name</i>", false, HOSTILE));
        List<OpStats> ops = new ArrayList<>(base.ops());
        OpStats first = ops.get(0);
        ops.set(0, new OpStats("<svg onload=x>&", first.count(), first.errnos(), first.timeouts(), first.latency()));
        String html = HtmlReport.render(Synthetic.withOps(Synthetic.withChecks(base, checks), ops));
        assertFalse(html.contains("<script>alert"), "raw <script in the page");
        assertFalse(html.contains("<i>"), "raw <i> in the page");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "escaped detail");
        Document d = parse(html);
        Element failed = elements(d, "tr").stream().filter(tr -> tr.getAttribute("class").equals("fail"))
                .findFirst().orElseThrow();
        NodeList tds = failed.getElementsByTagName("td");
        assertEquals("FAIL", tds.item(0).getTextContent());
        assertEquals("injected <i>name</i>", tds.item(1).getTextContent());
        assertEquals(HOSTILE, tds.item(2).getTextContent(), "the detail reads back as it was");
        assertEquals("w<b>\"&'", elements(d, "code").get(0).getTextContent());
        assertEquals(0, elements(d, "svg").size(), "no injected svg");
        assertEquals("<svg onload=x>&", data(html).get("ops").get(0).get("op").asText(),
                "the op's name reads back from the charts' data");
        assertTrue(elements(d, "title").get(0).getTextContent().startsWith("bpflife load w<b>\"&': FAIL (1 of 8"));
    }

    @Test
    @DisplayName("control characters XML cannot hold are replaced, the rest passes through")
    void controlCharacters() {
        assertEquals("a\ufffdb\tc\nd \u00b5", Html.escape("a\u0001b\tc\nd \u00b5"));
        assertEquals("", Html.escape(null));
    }

    @Test
    @DisplayName("failed checks are highlighted and the verdict says FAIL")
    void failuresHighlighted() throws Exception {
        LoadSummary s = Synthetic.summary(4, 3);
        Document d = parse(HtmlReport.render(s));
        long failedRows = elements(d, "tr").stream().filter(tr -> tr.getAttribute("class").equals("fail")).count();
        long passedRows = elements(d, "tr").stream().filter(tr -> tr.getAttribute("class").equals("pass")).count();
        assertEquals(3, failedRows);
        assertEquals(4, passedRows);
        Element verdict = elements(d, "p").stream().filter(p -> p.getAttribute("id").equals("verdict")).findFirst()
                .orElseThrow();
        assertEquals("verdict fail", verdict.getAttribute("class"));
        assertTrue(verdict.getTextContent().startsWith("verdict: FAIL (3 of 7 checks failed"));
    }

    @Test
    @DisplayName("a run without seconds or calls still renders, with empty series")
    void emptyRun() throws Exception {
        LoadSummary base = Synthetic.summary(8, 0);
        LoadSummary s = new LoadSummary(base.settings(), base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), java.time.Duration.ZERO, 0, 0, 0, 0, 0, List.of(Synthetic.idle("open")), List.of(),
                List.of(), base.machine());
        String html = HtmlReport.render(s);
        parse(html);
        JsonNode data = data(html);
        assertEquals(0, data.get("timeline").get("t").size());
        assertEquals(0, data.get("ops").size(), "an operation without calls is not charted");
        assertTrue(html.contains("verdict: PASS (no checks ran)"));
    }

    @Test
    @DisplayName("an open-model run shows its arrivals: offered against achieved, late and unstarted sessions")
    void openModel() throws Exception {
        LoadSummary b = Synthetic.summary(10, 0);
        org.HdrHistogram.Histogram delay = new org.HdrHistogram.Histogram(3);
        delay.recordValue(2_000_000);
        OpenModel o = new OpenModel("500/s", java.time.Duration.ofSeconds(10), 64, java.time.Duration.ofMillis(100),
                5000, 4990, 12, 10, 4980, delay);
        LoadSummary s = new LoadSummary(b.settings(), b.journal(), b.world(), b.semantics(), b.seed(), b.started(),
                b.elapsed(), b.eventsPersisted(), b.sessionsOpened(), b.sessionsClosed(), b.sessionsAlive(),
                b.peakSessionsAlive(), b.ops(), b.timeline(), b.checks(), b.machine(), o);
        String html = HtmlReport.render(s);
        parse(html);
        assertTrue(html.contains("<h3 id=\"open-model\">"), "the arrivals section");
        assertTrue(html.contains("500/s for "), html);
        assertTrue(html.contains("4990, of which 12 more than "), html);
        assertFalse(HtmlReport.render(b).contains("open-model"), "a closed run has none");
    }
}
