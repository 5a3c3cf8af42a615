package bpflife.loadtest;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The open model's driver: starts session i when it is due ({@link Arrivals}), whatever the
 * system's speed, on its own thread and on the {@link LoadClock}. At most {@code cap} sessions run
 * at once (k6's maxVUs): a session due while the cap is reached waits in arrival order and starts
 * when one exits, late; its latencies still run from when it was due. When the window closes
 * (or the run stops), the sessions still waiting never start: they are counted, not dropped
 * silently.
 *
 * <p>A session that the gate refuses to start counts as not started.
 *
 * <p>Thread safety: {@link #run} is the arrival thread; {@link #exited} and {@link #close} come
 * from any thread.
 */
final class ArrivalDriver implements Runnable {

    /** Starts arrival {@code i}, due at {@code due} on the load clock; false if it could not. */
    @FunctionalInterface
    interface Starter {
        boolean start(int i, long due);
    }

    /** The arrivals' figures once the window has closed. */
    record Outcome(long scheduled, long started, long late, long notStarted, Histogram startDelay) {}

    private final LoadClock clock;
    private final Arrivals arrivals;
    private final int cap;
    private final long lateNanos;
    private final Starter starter;
    private final Consumer<String> windowClosed;
    private final long t0;
    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
    private final Histogram startDelay = new Histogram(3);
    private int running;
    private long started;
    private long late;
    private boolean closed;

    /**
     * @param t0           when the window opens, on {@code clock}
     * @param windowClosed told (on the arrival thread) when the window is over
     */
    ArrivalDriver(LoadClock clock, Arrivals arrivals, int cap, long lateNanos, long t0, Starter starter,
                  Consumer<String> windowClosed) {
        this.clock = clock;
        this.arrivals = arrivals;
        this.cap = cap;
        this.lateNanos = lateNanos;
        this.t0 = t0;
        this.starter = starter;
        this.windowClosed = windowClosed;
    }

    @Override
    public void run() {
        try {
            long n = arrivals.count();
            for (int i = 0; i < n; i++) {
                long due = t0 + arrivals.dueNanos(i);
                clock.awaitUntil(due);
                if (!arrive(i, due)) {
                    return;
                }
            }
            clock.awaitUntil(t0 + arrivals.window().toNanos());
            close();
            windowClosed.accept("the arrival window is over");
        } catch (InterruptedException e) {
            close();
        } finally {
            clock.doneWaiting();
        }
    }

    private synchronized boolean arrive(int i, long due) {
        if (closed) {
            return false;
        }
        if (running < cap) {
            launch(i, due);
        } else {
            waiting.add(new long[] {i, due});
        }
        return true;
    }

    /** A session this driver started has ended: the next one waiting, if any, starts. */
    synchronized void exited() {
        running--;
        while (!closed && running < cap && !waiting.isEmpty()) {
            long[] w = waiting.poll();
            launch((int) w[0], w[1]);
        }
    }

    /** No session starts any more; those waiting are counted as not started. */
    synchronized void close() {
        if (!closed) {
            closed = true;
            waiting.clear();
        }
    }

    private void launch(int i, long due) {
        long delay = Math.max(0, clock.nanoTime() - due);
        startDelay.recordValue(delay);
        if (delay > lateNanos) {
            late++;
        }
        if (starter.start(i, due)) {
            running++;
            started++;
        }
    }

    synchronized Outcome outcome() {
        // arrivals never reached (the run stopped first) did not start either
        return new Outcome(arrivals.count(), started, late, arrivals.count() - started, startDelay.copy());
    }
}
