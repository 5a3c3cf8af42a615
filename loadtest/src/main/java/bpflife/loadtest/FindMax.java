package bpflife.loadtest;

import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.OpStats;
import bpflife.loadtest.report.OpenModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * {@code load --find-max}: the highest arrival rate the system sustains. Runs the open model at one
 * rate after another (each a run of its own, in a world of its own): doubling from the first rate
 * until one is not sustained, then bisecting between the highest sustained and the lowest not
 * sustained until they are within a tenth of each other (or the stages run out). A rate is
 * sustained when the run's balance check passed, every session due started, and the p99 of open
 * to END is within the bound. (A session that started late is not a failure by itself: its
 * latencies run from when it was due, so its lateness is in the p99.)
 *
 * <p>The search is pure over the stage runner, so a test can give it any latency curve.
 */
public final class FindMax {
    private FindMax() {}

    /** One stage: a rate and what the run at it gave. */
    public record Point(double rate, String world, double offered, double achieved, long dumpP50, long dumpP99,
                        long scheduled, long late, long notStarted, boolean balanced, boolean sustained,
                        String why) {}

    /** The search's answer: the highest sustained rate (NaN if none), and every stage by rate. */
    public record Result(double maxRate, long boundNanos, List<Point> curve) {
        public boolean found() {
            return !Double.isNaN(maxRate);
        }

        public boolean balanced() {
            return curve.stream().allMatch(Point::balanced);
        }
    }

    /** Judges one stage's run against the bound. */
    public static Point judge(double rate, LoadSummary r, long boundNanos) {
        OpenModel o = r.open();
        OpStats dump = r.ops().stream().filter(op -> op.op().equals(Ops.DUMP)).findFirst().orElse(null);
        long p50 = dump == null || dump.latency().getTotalCount() == 0 ? 0 : dump.latency().getValueAtPercentile(50);
        long p99 = dump == null || dump.latency().getTotalCount() == 0 ? 0 : dump.latency().getValueAtPercentile(99);
        String why;
        if (!r.balanced()) {
            why = "the balance check failed";
        } else if (o.notStarted() > 0) {
            why = o.notStarted() + " sessions could not start";
        } else if (dump == null || dump.latency().getTotalCount() == 0) {
            why = "no dump completed";
        } else if (p99 > boundNanos) {
            why = "p99 open to END over the bound";
        } else {
            why = "";
        }
        return new Point(rate, r.world(), o.offeredPerSecond(), o.achievedPerSecond(r.elapsed()), p50, p99,
                o.scheduled(), o.late(), o.notStarted(), r.balanced(), why.isEmpty(), why);
    }

    /**
     * Searches from {@code first} sessions per second with at most {@code stages} runs;
     * {@code stage} runs one rate and judges it.
     */
    public static Result search(double first, int stages, long boundNanos, DoubleFunction<Point> stage) {
        List<Point> curve = new ArrayList<>();
        double lo = Double.NaN;
        double hi = Double.NaN;
        double rate = Math.max(1, Math.rint(first));
        for (int i = 0; i < stages; i++) {
            Point p = stage.apply(rate);
            curve.add(p);
            if (!p.balanced()) {
                break; // a model or journal fault: no rate above it means anything
            }
            if (p.sustained()) {
                lo = rate;
            } else {
                hi = rate;
            }
            double next;
            if (Double.isNaN(hi)) {
                next = rate * 2;
            } else if (Double.isNaN(lo)) {
                next = Math.rint(rate / 2);
                if (next < 1 || next == rate) {
                    break;
                }
            } else {
                if (hi - lo <= Math.max(1, lo / 10)) {
                    break;
                }
                next = Math.rint((lo + hi) / 2);
            }
            rate = next;
        }
        curve.sort(Comparator.comparingDouble(Point::rate));
        return new Result(lo, boundNanos, List.copyOf(curve));
    }
}
