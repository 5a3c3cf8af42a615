package bpflife.cli;

import bpflife.explore.Explorer;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * A live progress line on stderr (sampling: schedules of the bound, schedules/s, steps, the heap
 * and the time of its bound; the exhaustive search: states stored of the bound, states/s, the
 * frontier, what the reductions pruned, the heap and the time), redrawn in place in at most 79
 * columns whenever stderr is a terminal ({@link Terminal#stderr()}, whatever stdout is); nothing at
 * all when it is not, so piped and CI output stays clean.
 */
final class Progress implements Consumer<Explorer.Progress>, AutoCloseable {
    private final PrintStream err;
    private final boolean on;
    private final long schedules;
    private final long timeMillis;
    private boolean drawn;

    Progress(PrintStream err, boolean wanted) {
        this(err, wanted, 0, 0);
    }

    /**
     * With the run's bounds, so the line can say how far it is: {@code schedules} to sample (0: not
     * sampling), {@code timeMillis} of {@code --time} (0: none).
     */
    Progress(PrintStream err, boolean wanted, long schedules, long timeMillis) {
        this.err = err;
        this.on = wanted && terminal();
        this.schedules = schedules;
        this.timeMillis = timeMillis;
    }

    @Override
    public void accept(Explorer.Progress p) {
        if (!on) {
            return;
        }
        String line = line(p, schedules, timeMillis);
        err.print("\r" + line + " ".repeat(79 - line.length()));
        err.flush();
        drawn = true;
    }

    /**
     * The line, at most 79 columns: for the exhaustive search the states stored of the bound (with
     * the percentage), states/s, the frontier (deliveries known and not yet explored), what the
     * reductions pruned, the heap and the time; for sampling, schedules and steps.
     */
    static String line(Explorer.Progress p) {
        return line(p, 0, 0);
    }

    /** {@link #line(Explorer.Progress)}, with the bounds: sampling's schedules, and the time bound. */
    static String line(Explorer.Progress p, long schedules, long timeMillis) {
        double secs = Math.max(1, p.elapsedMillis()) / 1000.0;
        String time = timeMillis > 0 ? String.format("%.0f of %.0f s", secs, timeMillis / 1000.0)
                : String.format("%.0f s", secs);
        String heap = ExploreSummary.bytes(p.heapBytes()).replace(".0 ", " ");
        String line = p.bound() == Long.MAX_VALUE
                ? String.format("  %s states  %s/s  frontier %s  pruned %s  heap %s of %s  %s", count(p.states()),
                        count((long) (p.states() / secs)), count(p.frontier()), count(p.pruned()), heap,
                        ExploreSummary.bytes(Runtime.getRuntime().maxMemory()).replace(".0 ", " "), time)
                : p.bound() > 0
                ? String.format("  %s of %s states (%.0f%%)  %s/s  frontier %s  pruned %s  heap %s  %s",
                        count(p.states()), count(p.bound()), 100.0 * p.states() / p.bound(),
                        count((long) (p.states() / secs)), count(p.frontier()), count(p.pruned()), heap, time)
                : schedules > 0
                ? String.format("  %s of %s schedules (%.0f%%)  %s/s  %s  heap %s  %s", count(p.schedules()),
                        count(schedules), 100.0 * p.schedules() / schedules, count((long) (p.schedules() / secs)),
                        p.violation() ? "violation found" : count(p.steps()) + " steps", heap, time)
                : String.format("  %,d schedules  %.0f schedules/s  %,d steps  heap %s  %s%s", p.schedules(),
                        p.schedules() / secs, p.steps(), heap, time, p.violation() ? "  violation" : "");
        return line.length() > 79 ? line.substring(0, 78) + "…" : line;
    }

    /** 987, 12.3k, 4.5M, 6.7G: a count in at most five characters. */
    static String count(long n) {
        return n < 1_000 ? Long.toString(n) : n < 1_000_000 ? short1(n / 1e3) + "k"
                : n < 1_000_000_000 ? short1(n / 1e6) + "M" : short1(n / 1e9) + "G";
    }

    private static String short1(double v) {
        return v < 99.95 ? String.format("%.1f", v).replace(".0", "") : String.format("%.0f", v);
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(79) + "\r");
            err.flush();
        }
    }

    /** Whether stderr is a terminal (whatever stdout is): {@link Terminal#stderr()}. */
    static boolean terminal() {
        return Terminal.stderr();
    }
}
