package bpflife.cli;

import bpflife.persistence.WorldStream;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A phase of a command that can take seconds (opening the journal, reading or replaying a world,
 * a live run, shrinking, a kernel check), shown on stderr as one line redrawn in place twice a
 * second: what is being done, the steps read so far and their rate (when it reads steps), the
 * elapsed time and the heap in use. Said as soon as the phase starts and cleared when it ends,
 * before the command prints its result; nothing at all when stderr is not a terminal (see
 * {@link Progress#terminal()}: whatever stdout is).
 */
final class JournalProgress {
    private static final JournalProgress OFF = new JournalProgress(null, "", () -> -1);

    private final PrintStream err;
    private final String phase;
    private final LongSupplier steps;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private boolean drawn;

    private JournalProgress(PrintStream err, String phase, LongSupplier steps) {
        this.err = err;
        this.phase = phase;
        this.steps = steps;
        if (err == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bpflife-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::draw, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** A phase without a count (opening the journal). */
    static JournalProgress phase(String phase) {
        return of(phase, () -> -1);
    }

    /** Reading a world: the steps the stream has read so far. */
    static JournalProgress reading(String phase, WorldStream ws) {
        return of(phase, ws::steps);
    }

    /** The history source's phases ({@link bpflife.cli.history.Phase}), each shown as this line. */
    static final bpflife.cli.history.Phase PHASE = new bpflife.cli.history.Phase() {
        @Override
        public <T> T during(String what, LongSupplier steps, Supplier<T> body) {
            return of(what, steps).during(body);
        }
    };

    private static JournalProgress of(String phase, LongSupplier steps) {
        return Progress.terminal() ? new JournalProgress(System.err, phase, steps) : OFF;
    }

    private synchronized void draw() {
        double secs = (System.nanoTime() - start) / 1e9;
        long n = steps.getAsLong();
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        StringBuilder line = new StringBuilder("  ").append(phase);
        if (n >= 0) {
            line.append(String.format(": %,d steps  %,.0f/s", n, secs > 0 ? n / secs : 0.0));
        }
        line.append(String.format("  %.0f s  heap %,d MB", secs, heapMb));
        String s = line.length() > 79 ? line.substring(0, 78) + "…" : line.toString();
        err.print("\r" + s + " ".repeat(Math.max(0, 79 - s.length())));
        err.flush();
        drawn = true;
    }

    /** Runs the phase with its line shown; the line goes when it ends, however it ends. */
    <T> T during(Supplier<T> work) {
        try {
            return work.get();
        } finally {
            close();
        }
    }

    private void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawn) {
                err.print("\r" + " ".repeat(79) + "\r");
                err.flush();
            }
        }
    }
}
