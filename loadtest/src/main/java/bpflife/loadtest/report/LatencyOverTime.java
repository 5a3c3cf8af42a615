package bpflife.loadtest.report;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latencies second by second, for the report's percentiles-over-time chart: for each second of
 * the run, the latencies (nanoseconds) of the calls of each operation that completed during it.
 * The driver fills it from an interval histogram per operation (HdrHistogram's
 * {@code Recorder.getIntervalHistogram} at each tick); a run that did not record it passes
 * {@link #NONE} and the chart says so.
 *
 * @param seconds one entry per second, in order
 */
public record LatencyOverTime(List<Window> seconds) {

    /** What a run that kept no per-second latencies passes. */
    public static final LatencyOverTime NONE = new LatencyOverTime(List.of());

    /**
     * One second of one operation.
     *
     * @param second  seconds since the workload started (0, 1, 2, ...), as {@link Second#second()}
     * @param op      the operation's name, as {@link OpStats#op()}
     * @param latency the calls that completed in that second
     */
    public record Window(int second, String op, Histogram latency) {}

    public boolean recorded() {
        return !seconds.isEmpty();
    }
}
