package bpflife.cli;

import bpflife.explore.Explorer;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * A live progress line on stderr (schedules/s; or for the exhaustive search states stored,
 * states/s, the frontier, what the reductions pruned, the heap and the time), redrawn in place in
 * at most 79 columns; nothing at
 * all when stderr is not a terminal, so piped and CI output stays clean.
 */
final class Progress implements Consumer<Explorer.Progress>, AutoCloseable {
    private final PrintStream err;
    private final boolean on;
    private boolean drawn;

    Progress(PrintStream err, boolean wanted) {
        this.err = err;
        this.on = wanted && terminal();
    }

    @Override
    public void accept(Explorer.Progress p) {
        if (!on) {
            return;
        }
        String line = line(p);
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
        double secs = Math.max(1, p.elapsedMillis()) / 1000.0;
        String heap = ExploreSummary.bytes(p.heapBytes()).replace(".0 ", " ");
        String line = p.bound() == Long.MAX_VALUE
                ? String.format("  %s states  %s/s  frontier %s  pruned %s  heap %s of %s  %.0f s", count(p.states()),
                        count((long) (p.states() / secs)), count(p.frontier()), count(p.pruned()), heap,
                        ExploreSummary.bytes(Runtime.getRuntime().maxMemory()).replace(".0 ", " "), secs)
                : p.bound() > 0
                ? String.format("  %s of %s states (%.0f%%)  %s/s  frontier %s  pruned %s  heap %s  %.0f s",
                        count(p.states()), count(p.bound()), 100.0 * p.states() / p.bound(),
                        count((long) (p.states() / secs)), count(p.frontier()), count(p.pruned()), heap, secs)
                : String.format("  %,d schedules  %.0f schedules/s  %,d steps  %s", p.schedules(),
                        p.schedules() / secs, p.steps(), p.violation() ? "1 violation" : "no violation");
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

    /** Console.isTerminal() exists from JDK 22; the project targets 21, so ask for it reflectively. */
    static boolean terminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
