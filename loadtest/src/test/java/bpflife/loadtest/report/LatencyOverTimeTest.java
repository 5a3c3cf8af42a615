package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-second latency windows go to a file as each second closes and come back from it unchanged. */
@DisplayName("latencies over time, streamed to a file")
class LatencyOverTimeTest {
    static final long SEED = 15;

    @TempDir
    Path dir;

    private static List<LatencyOverTime.Window> windows(long seed) {
        Random r = new Random(seed);
        List<LatencyOverTime.Window> out = new ArrayList<>();
        for (int sec = 0; sec < 30; sec++) {
            for (String op : List.of("open", "read", "link-show", "a, b c%")) {
                if (r.nextInt(5) == 0) {
                    continue; // a second without calls of this op
                }
                Histogram h = new Histogram(3); // as Recorder's interval histograms are made
                for (int i = 0, n = 1 + r.nextInt(400); i < n; i++) {
                    h.recordValue(Math.max(1, Math.round(200_000 * Math.exp(1.5 * r.nextGaussian()))));
                }
                out.add(new LatencyOverTime.Window(sec, op, h));
            }
        }
        return out;
    }

    private LatencyOverTime written(List<LatencyOverTime.Window> ws) throws Exception {
        LatencyOverTime.Log log = new LatencyOverTime.Log(dir.resolve("over-time.hlog"));
        for (LatencyOverTime.Window w : ws) {
            log.add(w.second(), w.op(), w.latency());
        }
        LatencyOverTime back = log.windows();
        log.close();
        return back;
    }

    @Test
    @DisplayName("each window comes back identical from the file: second, operation, every count (seed 15)")
    void windowsRoundTrip() throws Exception {
        List<LatencyOverTime.Window> ws = windows(SEED);
        LatencyOverTime back = written(ws);
        List<LatencyOverTime.Window> read = new ArrayList<>();
        back.forEach(read::add);
        assertEquals(ws.size(), read.size(), "seed " + SEED);
        for (int i = 0; i < ws.size(); i++) {
            assertEquals(ws.get(i).second(), read.get(i).second(), "window " + i + ", seed " + SEED);
            assertEquals(ws.get(i).op(), read.get(i).op(), "window " + i + ", seed " + SEED);
            assertEquals(ws.get(i).latency(), read.get(i).latency(), "window " + i + ", seed " + SEED);
        }
        assertEquals(true, Files.size(dir.resolve("over-time.hlog")) > 0);
    }

    @Test
    @DisplayName("the chart's figures and the page are the same from the file as from memory")
    void sameFiguresAndPage() throws Exception {
        List<LatencyOverTime.Window> ws = windows(SEED);
        LatencyOverTime memory = new LatencyOverTime(ws);
        LatencyOverTime file = written(ws);
        List<String> ops = List.of("open", "read", "link-show", "a, b c%");
        LatencyOverTime.Figures a = memory.figures(ops);
        LatencyOverTime.Figures b = file.figures(ops);
        assertEquals(a.p99s(), b.p99s());
        assertEquals(a.all().keySet(), b.all().keySet());
        a.all().forEach((sec, v) -> assertEquals(List.of(v[0], v[1], v[2], v[3]),
                List.of(b.all().get(sec)[0], b.all().get(sec)[1], b.all().get(sec)[2], b.all().get(sec)[3]),
                "second " + sec));

        LoadSummary s = Synthetic.summary(SEED, 0);
        LatencyOverTime synthetic = Synthetic.overTime(s, 9);
        List<LatencyOverTime.Window> sw = new ArrayList<>();
        synthetic.forEach(sw::add);
        assertEquals(HtmlReport.render(s, synthetic), HtmlReport.render(s, written(sw)));
    }

    @Test
    @DisplayName("a window for an earlier second than the last is refused, in memory and in the log")
    void secondsInOrder() throws Exception {
        Histogram h = new Histogram(3);
        h.recordValue(5);
        try (LatencyOverTime.Log log = new LatencyOverTime.Log(dir.resolve("x.hlog"))) {
            log.add(3, "open", h);
            assertThrows(IllegalStateException.class, () -> log.add(2, "open", h));
        }
        assertThrows(IllegalArgumentException.class, () -> new LatencyOverTime(List.of(
                new LatencyOverTime.Window(3, "open", h), new LatencyOverTime.Window(2, "open", h))));
    }
}
