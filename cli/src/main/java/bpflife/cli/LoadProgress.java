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
    /**
     * Per second and operation, the latencies of the calls that completed then, when a report wants
     * them: written to a file as each second closes (a long run would otherwise keep them all in the
     * heap: bench/soak.sh), read back when the report is rendered; null when no report is written.
     */
    private final bpflife.loadtest.report.LatencyOverTime.Log windows;

    LoadProgress(PrintStream err) {
        this(err, false);
    }

    /**
     * @param keepLatencies keep each second's latencies for the report's "latency over time", in a
     *                      temporary file (deleted when the JVM exits)
     */
    LoadProgress(PrintStream err, boolean keepLatencies) {
        this.err = err;
        this.on = Progress.terminal();
        this.windows = keepLatencies ? log() : null;
    }

    private static bpflife.loadtest.report.LatencyOverTime.Log log() {
        try {
            java.nio.file.Path f = java.nio.file.Files.createTempFile("bpflife-latency-", ".hlog");
            f.toFile().deleteOnExit();
            return new bpflife.loadtest.report.LatencyOverTime.Log(f);
        } catch (java.io.IOException e) {
            throw new BadInputException("can't make a temporary file for the report's latencies over time: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void latencies(int second, String op, org.HdrHistogram.Histogram latency) {
        if (windows != null) {
            windows.add(second, op, latency);
        }
    }

    /** What {@link #latencies} wrote, for the report (read from the file when it is rendered). */
    bpflife.loadtest.report.LatencyOverTime overTime() {
        return windows == null ? bpflife.loadtest.report.LatencyOverTime.NONE : windows.windows();
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
        if (windows != null) {
            windows.close();
        }
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
            err.flush();
        }
    }
}
