package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_261_126})
    @DisplayName("the page is well-formed, has one svg per chart and loads nothing from anywhere")
    void wellFormedAndSelfContained(long seed) throws Exception {
        LoadSummary s = Synthetic.summary(seed, 0);
        String html = HtmlReport.render(s);
        Document d = parse(html);
        assertEquals("html", d.getDocumentElement().getTagName(), "seed " + seed);
        assertEquals(4 + 1 + s.ops().size(), elements(d, "svg").size(), "seed " + seed);
        assertEquals(HtmlReport.charts(s), elements(d, "svg").size(), "seed " + seed);
        for (Element svg : elements(d, "svg")) {
            assertTrue(svg.getElementsByTagName("polyline").getLength() >= 1, "seed " + seed + ": a chart without a line");
            assertTrue(svg.getElementsByTagName("text").getLength() >= 8, "seed " + seed + ": a chart without labels");
        }
        assertFalse(html.contains("http://"), "seed " + seed + ": an http:// reference");
        assertFalse(html.contains("https://"), "seed " + seed + ": an https:// reference");
        assertFalse(html.toLowerCase().contains("<script"), "seed " + seed);
        assertFalse(html.toLowerCase().contains("<link"), "seed " + seed);
        assertFalse(html.toLowerCase().contains("<img"), "seed " + seed);
        assertFalse(html.contains("url("), "seed " + seed + ": the style sheet loads something");
        assertTrue(html.contains("verdict: PASS (7 checks passed)"), "seed " + seed);
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
        assertFalse(html.contains("<script"), "raw <script in the page");
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
        assertEquals(HtmlReport.charts(Synthetic.withOps(base, ops)), elements(d, "svg").size(), "no injected svg");
        assertTrue(elements(d, "title").stream().anyMatch(t -> t.getTextContent()
                .equals("<svg onload=x>& latency by percentile")), "the op's name reads back in its chart's title");
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
    @DisplayName("a run without seconds or calls still draws its charts, saying there is no data")
    void emptyRun() throws Exception {
        LoadSummary base = Synthetic.summary(8, 0);
        LoadSummary s = new LoadSummary(base.settings(), base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), java.time.Duration.ZERO, 0, 0, 0, 0, 0, List.of(Synthetic.idle("open")), List.of(),
                List.of(), base.machine());
        String html = HtmlReport.render(s);
        Document d = parse(html);
        assertEquals(6, elements(d, "svg").size());
        assertEquals(6, elements(d, "text").stream().filter(t -> t.getTextContent().equals("no data")).count());
        assertTrue(html.contains("verdict: PASS (no checks ran)"));
    }
}
