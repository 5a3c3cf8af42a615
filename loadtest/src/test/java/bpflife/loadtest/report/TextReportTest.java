package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("text report")
class TextReportTest {

    /** The cells of the table row that starts with name (cells are two or more blanks apart). */
    private static String[] row(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> l.split(" {2,}")).orElse(null);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_261_126})
    @DisplayName("each operation's row has its counts and the histogram's own percentiles")
    void percentilesAndCounts(long seed) {
        LoadSummary s = Synthetic.summary(seed, 0);
        String text = TextReport.render(s);
        for (OpStats op : s.ops()) {
            String[] cells = row(text, op.op());
            assertNotNull(cells, "seed " + seed + ": no row for " + op.op() + " in\n" + text);
            assertEquals(Rows.OP_COLUMNS.length, cells.length, "seed " + seed + ": " + Arrays.toString(cells));
            assertEquals(Long.toString(op.count()), cells[1], "seed " + seed + " count of " + op.op());
            assertEquals(Long.toString(op.errors()), cells[2], "seed " + seed + " errors of " + op.op());
            assertEquals(Long.toString(op.timeouts()), cells[3], "seed " + seed + " timeouts of " + op.op());
            for (int i = 0; i < Latencies.LEVELS.length; i++) {
                long expected = op.latency().getValueAtPercentile(Latencies.LEVELS[i]);
                assertEquals(Units.duration(expected), cells[Rows.FIRST_PERCENTILE + i],
                        "seed " + seed + " " + Latencies.NAMES[i] + " of " + op.op());
            }
        }
        // "all calls": every kind but dump, which is made of opens, reads and closes already counted
        long total = s.ops().stream().filter(op -> !op.op().equals("dump")).mapToLong(OpStats::count).sum();
        assertEquals(Long.toString(total), row(text, "all calls")[1], "seed " + seed);
        assertTrue(text.contains("opened " + s.sessionsOpened() + "  closed " + s.sessionsClosed()), "seed " + seed);
        assertTrue(text.endsWith("verdict: PASS (7 checks passed)\n"), "seed " + seed + ":\n" + text);
    }

    @Test
    @DisplayName("the header names world, journal, semantics, seed, machine and settings")
    void header() {
        String text = TextReport.render(Synthetic.summary(7, 0, "w-header"));
        List<String> lines = text.lines().toList();
        assertEquals("world       w-header", lines.get(0));
        assertEquals("journal     h2", lines.get(1));
        assertEquals("semantics   linux", lines.get(2));
        assertEquals("seed        7", lines.get(3));
        assertTrue(lines.contains("machine     2 cores, max heap 2048 MiB, JDK 25"), text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("settings    sessions 10000  concurrency 1000  pins 4")),
                text);
    }

    @Test
    @DisplayName("errors are listed by errno with the operations that returned them, then timeouts")
    void errorsByErrno() {
        LoadSummary s = Synthetic.summary(3, 0);
        Totals t = Totals.of(s);
        String text = TextReport.render(s);
        assertTrue(!t.errnos().isEmpty(), "seed 3 makes errors");
        t.errnos().forEach((errno, n) -> {
            String[] cells = rowIndented(text, errno);
            assertNotNull(cells, errno + " in\n" + text);
            assertEquals(Long.toString(n), cells[1], errno);
        });
        if (t.timeouts() > 0) {
            assertEquals(Long.toString(t.timeouts()), rowIndented(text, "timeouts")[1]);
        }
    }

    private static String[] rowIndented(String text, String name) {
        return text.lines().filter(l -> l.startsWith("  " + name + " ")).findFirst()
                .map(l -> l.strip().split(" {2,}")).orElse(null);
    }

    @Test
    @DisplayName("a failed check prints FAIL and the verdict names it")
    void failedCheck() {
        LoadSummary s = Synthetic.summary(5, 2);
        String text = TextReport.render(s);
        assertTrue(text.contains("  FAIL  refcounts equal holders: broken on link:t0.3 at step 0\n"), text);
        assertTrue(text.contains("  PASS  nothing leaked: "), text);
        String verdict = text.lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("verdict: FAIL (2 of 7 checks failed: refcounts equal holders; no freed object listed)", verdict);
    }

    @Test
    @DisplayName("a detail of several lines stays indented under its check")
    void multiLineDetail() {
        LoadSummary s = Synthetic.withChecks(Synthetic.summary(6, 0),
                List.of(new Check("every EOF had one END", false, "session t3.7:\n#0 open\n#1 read\n")));
        String text = TextReport.render(s);
        assertTrue(text.contains("  FAIL  every EOF had one END: session t3.7:\n        #0 open\n        #1 read\n\n"),
                text);
    }

    @Test
    @DisplayName("an operation no call of completed shows dashes, not zeros")
    void idleOperation() {
        LoadSummary base = Synthetic.summary(9, 0);
        List<OpStats> ops = new java.util.ArrayList<>(base.ops());
        ops.add(Synthetic.idle("fork"));
        LoadSummary s = Synthetic.withOps(base, ops);
        String[] cells = row(TextReport.render(s), "fork");
        assertEquals(List.of("fork", "0", "0", "0", "-", "-", "-", "-", "-", "0.0"), List.of(cells));
    }
}
