package bpflife.cli.history;

import bpflife.persistence.Store;
import bpflife.persistence.ViewSnapshots;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Stores a fold's view snapshots on a thread of its own, so that the fold goes on while the last
 * view is encoded, deflated and inserted. The first read of a 1M-step world stores 200 views, and
 * storing them was most of its fold thread (JFR, session 8: Jackson's encoding and the observed
 * returns' runs), with the other core left to the journal's decoders.
 *
 * <p>Assumptions and guarantees: a snapshot handed over holds copies, not the fold's own maps
 * ({@link #store}'s caller copies them). At most {@link #PENDING} wait: a fold faster than the
 * writer waits for it, so memory stays bounded. They are stored in the order given, on one
 * connection. The first failure ends the storing: it is told once to {@code warn} and the rest are
 * dropped (a journal that cannot take them is still read). {@link #close} waits until every view
 * handed over is stored, so the next command finds them.
 */
final class SnapshotWriter implements AutoCloseable {
    static final int PENDING = 2;

    private static final ViewSnapshots.Snapshot STOP = new ViewSnapshots.Snapshot(null, -1, null, null, null, null,
            null, null);

    private final Store.Settings settings;
    private final String world;
    private final Consumer<String> warn;
    private final BlockingQueue<ViewSnapshots.Snapshot> queue = new ArrayBlockingQueue<>(PENDING);
    private final Thread thread;
    private volatile boolean failed;

    SnapshotWriter(Store.Settings settings, String world, Consumer<String> warn) {
        this.settings = settings;
        this.world = world;
        this.warn = warn;
        thread = new Thread(this::run, "bpflife-view-save");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether storing has failed (then nothing more is stored). */
    boolean failed() {
        return failed;
    }

    /** Hands {@code s} over; waits while {@link #PENDING} views are waiting already. */
    void store(ViewSnapshots.Snapshot s) {
        if (failed) {
            return;
        }
        try {
            queue.put(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a view snapshot over", e);
        }
    }

    private void run() {
        Connection c = null;
        try {
            while (true) {
                ViewSnapshots.Snapshot s = queue.take();
                if (s == STOP) {
                    return;
                }
                if (failed) {
                    continue;
                }
                try {
                    if (c == null) {
                        c = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
                    }
                    ViewSnapshots.save(c, settings.db(), s);
                } catch (SQLException | RuntimeException e) {
                    failed = true;
                    warn.accept("world " + world + ": can't store a view snapshot at step " + s.step() + " ("
                            + e.getMessage() + "): none stored by this read");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // closing: nothing to tell
                }
            }
        }
    }

    /** Waits until every view handed over is stored (or storing failed), then ends the thread. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
