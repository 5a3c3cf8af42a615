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
        double secs = Math.max(1, p.elapsedMillis()) / 1000.0;
        String line = p.states() > 0
                ? String.format("  %,d states  %,.0f/s  frontier %,d  pruned %,d  heap %s  %.0f s", p.states(),
                        p.states() / secs, p.frontier(), p.pruned(), ExploreSummary.bytes(p.heapBytes()), secs)
                : String.format("  %,d schedules  %.0f schedules/s  %,d steps  %s", p.schedules(),
                        p.schedules() / secs, p.steps(), p.violation() ? "1 violation" : "no violation");
        if (line.length() > 79) {
            line = line.substring(0, 79);
        }
        err.print("\r" + line + " ".repeat(79 - line.length()));
        err.flush();
        drawn = true;
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
