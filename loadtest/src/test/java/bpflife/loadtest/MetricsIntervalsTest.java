package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-second latency histograms (the report's latencies over time) are recycled: the load
 * allocated a new, growing one each second per operation, and young collections copied them.
 */
class MetricsIntervalsTest {

    private static Metrics metrics() {
        return new Metrics(LoadClock.system(), t -> { }, t -> { });
    }

    /** Every histogram intervals() hands out, with its count and max as they were during the call. */
    private record Seen(Histogram h, long count, long max) {}

    private static List<Seen> look(Metrics m) {
        List<Seen> seen = new ArrayList<>();
        m.intervals((op, h) -> seen.add(new Seen(h, h.getTotalCount(), h.getMaxValue())));
        return seen;
    }

    @Test
    @DisplayName("each second's histogram holds that second's latencies only, and the same arrays serve every second")
    void intervalsAreRecycledAndHoldOnlyTheirSecond() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        Metrics m = metrics();
        Histogram first = null;
        Histogram second = null;
        for (int sec = 0; sec < 6; sec++) {
            int n = 1 + r.nextInt(500);
            Histogram expected = new Histogram(3);
            for (int i = 0; i < n; i++) {
                long nanos = 1 + r.nextLong(5_000_000_000L); // up to 5 s: the arrays must grow to hold them
                m.op(Ops.DUMP).record(nanos);
                expected.recordValue(nanos);
            }
            List<Seen> seen = look(m);
            assertEquals(1, seen.size(), "seed " + seed);
            Seen s = seen.get(0);
            assertEquals(n, s.count(), "seed " + seed + ", second " + sec + ": only that second's calls");
            assertEquals(expected.highestEquivalentValue(expected.getMaxValue()), s.max(), "seed " + seed);
            // the recorder swaps two histograms: the one handed out goes back to it at the next look
            if (sec == 0) {
                first = s.h();
            } else if (sec == 1) {
                second = s.h();
            } else {
                assertSame(sec % 2 == 0 ? first : second, s.h(), "seed " + seed + ", second " + sec
                        + ": a new histogram was made (the recorder's last one was not recycled)");
            }
        }
    }

    @Test
    @DisplayName("a second with no call of an operation leaves it out, and the next second counts from zero")
    void emptySecondLeftOut() {
        Metrics m = metrics();
        m.op(Ops.DUMP).record(1_000);
        assertEquals(1, look(m).get(0).count());
        assertEquals(List.of(), look(m));
        m.op(Ops.DUMP).record(2_000);
        m.op(Ops.DUMP).record(3_000);
        assertEquals(2, look(m).get(0).count());
    }
}
