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

    LoadProgress(PrintStream err) {
        this.err = err;
        this.on = Progress.terminal();
    }

    @Override
    public void note(String line) {
        if (drawn) {
            err.print("\r" + " ".repeat(110) + "\r");
        }
        err.println(line);
        err.flush();
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
