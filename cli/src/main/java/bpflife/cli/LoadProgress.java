package bpflife.cli;

import bpflife.loadtest.LoadRun;
import java.io.PrintStream;

/**
 * The load run's progress line on stderr, once a second, redrawn in place (nothing when stderr is
 * not a terminal); its notes on their own lines, always.
 */
final class LoadProgress implements LoadRun.Watcher, AutoCloseable {
    private final PrintStream err;
    private final boolean on;
    private boolean drawn;
    /** Per second and operation, the latencies of the calls that completed then, when a report wants them. */
    private final java.util.List<bpflife.loadtest.report.LatencyOverTime.Window> windows;

    LoadProgress(PrintStream err) {
        this(err, false);
    }

    /** @param keepLatencies keep each second's latencies for the report's "latency over time" */
    LoadProgress(PrintStream err, boolean keepLatencies) {
        this.err = err;
        this.on = Progress.terminal();
        this.windows = keepLatencies ? new java.util.ArrayList<>() : null;
    }

    @Override
    public void latencies(int second, String op, org.HdrHistogram.Histogram latency) {
        if (windows != null) {
            synchronized (windows) {
                // kept to two significant digits (1 %, plenty for a chart): a copy at the run's three
                // takes ~200 KB a window, which over a long run is most of the heap (bench/soak.sh)
                org.HdrHistogram.Histogram kept = new org.HdrHistogram.Histogram(2);
                kept.add(latency);
                windows.add(new bpflife.loadtest.report.LatencyOverTime.Window(second, op, kept));
            }
        }
    }

    /** What {@link #latencies} kept, for the report. */
    bpflife.loadtest.report.LatencyOverTime overTime() {
        if (windows == null) {
            return bpflife.loadtest.report.LatencyOverTime.NONE;
        }
        synchronized (windows) {
            return new bpflife.loadtest.report.LatencyOverTime(java.util.List.copyOf(windows));
        }
    }

    @Override
    public void note(String line) {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
        }
        err.println(line);
        err.flush();
    }

    /** Each phase after the work, on its own line of the terminal (they take seconds on a big world). */
    @Override
    public void phase(String what) {
        if (!on) {
            return;
        }
        err.print((drawn ? "\r" + " ".repeat(79) + "\r" : "") + "  " + what + " ...");
        err.println();
        err.flush();
        drawn = false;
    }

    @Override
    public void second(LoadRun.Progress p) {
        if (!on) {
            return;
        }
        err.print(String.format("\r  %4d s  %,d/%,d sessions  %,d alive  %,d calls/s  %,d events/s  %,d errors  "
                        + "%,d timeouts   ", p.seconds(), p.sessionsRun(), p.sessions(), p.alive(), p.opsPerSecond(),
                p.eventsPerSecond(), p.errors(), p.timeouts()));
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
            err.flush();
        }
    }
}
