package bpflife.loadtest.report;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The open workload model's side of a load run (null in the summary of a closed-model run):
 * what was offered and what the system achieved.
 *
 * @param arrivals   the arrival rate as asked for: {@code 500/s}, or a ramp {@code 100/s..1000/s}
 * @param window     how long sessions arrived
 * @param cap        the most sessions running at once (a session due beyond it waits, late)
 * @param lateAfter  a session that started more than this after it was due counts as late
 * @param scheduled  sessions due within the window
 * @param started    sessions started (on time or late)
 * @param late       of those, the ones started more than {@code lateAfter} after they were due
 * @param notStarted sessions due that never started (still waiting when the window closed)
 * @param completed  sessions whose reader ran to its exit
 * @param startDelay nanoseconds from each started session's due time to its start
 */
public record OpenModel(String arrivals, Duration window, int cap, Duration lateAfter, long scheduled, long started,
                        long late, long notStarted, long completed, Histogram startDelay) {

    /** Sessions offered per second: those due over the window. */
    public double offeredPerSecond() {
        return scheduled / seconds(window);
    }

    /**
     * Sessions completed per second of the run: from the first arrival to quiescence, or to the
     * window's end if every session was done before it.
     */
    public double achievedPerSecond(Duration elapsed) {
        return completed / Math.max(seconds(elapsed), seconds(window));
    }

    private static double seconds(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }
}
