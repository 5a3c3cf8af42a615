package bpflife.persistence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The journal's writes gathered into batches: at most {@code batchSize} rows a batch (a write's rows
 * never split; a larger write goes alone), at most {@code parallelism} batches written at once, at
 * most {@code bufferSize} writes waiting.
 *
 * <p>A {@link Runner} writes batches one after the other on the thread the database's pool gave it:
 * when its batch is written it hands that batch's completion to {@code completions} (Pekko's
 * dispatcher) and writes the batch that gathered meanwhile on the same thread and connection; it
 * returns only when nothing waits. A batch that followed another used to wait for two thread
 * hand-overs first (the completion on the dispatcher, which then asked the pool for a thread): the
 * one writer sat idle in between (BENCHMARKS.md "Issue 16: throughput"). The completions stay on
 * the dispatcher: completed on the writer's thread, each write's reply woke a dispatcher thread from
 * outside the pool, which made the one writer slower (P4 -15%).
 *
 * <p>{@link #stopAfterFailure}: after a batch fails, nothing more is written (the writes queued
 * and any that come fail at once), so what is committed is a prefix of the writes in queue order.
 *
 * @param <R> a row
 */
final class WriteQueue<R> {

    /** Writes one batch in one transaction; throws if it was not committed. */
    @FunctionalInterface
    interface Batches<R> {
        void write(List<R> rows) throws Exception;
    }

    /** One actor's write waiting for its batch. */
    private record Pending<R>(List<R> rows, CompletableFuture<Void> done) {}

    private final int bufferSize;
    private final int batchSize;
    private final int parallelism;
    /**
     * Group commit: how long a runner that found a batch smaller than {@code batchSize} waits for more
     * writes before writing it; 0, not at all.
     */
    private final long groupNanos;
    /** Hands a runner to the database's pool; if the pool cannot run it, the launcher calls {@link Runner#abandon}. */
    private final Consumer<Runner> launcher;
    /** Where a batch's writes are completed (their callbacks run): not the writer's thread. */
    private final Executor completions;

    /** Writes not yet in a batch; guards {@link #writing} and every runner's batch. */
    private final ArrayDeque<Pending<R>> queue = new ArrayDeque<>();
    private int writing;
    /** Whether a failed batch stops the queue; guarded by the queue. */
    private boolean stopAfterFailure;
    /** Why the queue stopped (a batch failed), or null; guarded by the queue. */
    private Throwable stopped;
    /** Rows of the writes in {@link #queue}. */
    private int queuedRows;
    /** A runner waiting for its small batch to fill (group commit), and its batch's rows; guarded by the queue. */
    private Thread waiter;
    private int waiterRows;

    WriteQueue(int bufferSize, int batchSize, int parallelism, Consumer<Runner> launcher, Executor completions) {
        this(bufferSize, batchSize, parallelism, 0, launcher, completions);
    }

    WriteQueue(int bufferSize, int batchSize, int parallelism, long groupNanos, Consumer<Runner> launcher,
               Executor completions) {
        this.bufferSize = bufferSize;
        this.batchSize = batchSize;
        this.parallelism = parallelism;
        this.groupNanos = groupNanos;
        this.launcher = launcher;
        this.completions = completions;
    }

    /**
     * From now on a failed batch (or one a runner abandoned: it may or may not have committed) stops
     * the queue: no later write is written, each fails. With {@code parallelism} 1 the commits are
     * then a prefix of the writes in the order they were added: the journal's order is FIFO
     * ({@link bpflife.actors.CommitOrder}).
     */
    void stopAfterFailure() {
        synchronized (queue) {
            stopAfterFailure = true;
        }
    }

    /**
     * A write refused before it reached the queue (its event could not be serialized): with {@link
     * #stopAfterFailure}, no later write is written, as after a failed batch; the writes queued before
     * it still are. Returns the failure each later write gets.
     */
    IllegalStateException refuse(Throwable cause) {
        synchronized (queue) {
            stop(cause);
        }
        return stoppedBy(cause);
    }

    /**
     * Queues one write's rows for the next batch; completes when the batch holding them has committed,
     * or fails with the batch (every write in it), or at once when {@code bufferSize} writes wait.
     */
    CompletableFuture<Void> add(List<R> rows) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Runner> start;
        synchronized (queue) {
            if (stopped != null) {
                done.completeExceptionally(stoppedBy(stopped));
                return done;
            }
            if (queue.size() >= bufferSize) {
                // Pekko's words, which bpflife-persistence.conf's comment on bufferSize quotes
                IllegalStateException full = new IllegalStateException("Failed to enqueue journal row batch write, "
                        + "the queue buffer was full (" + bufferSize + " elements) please check the "
                        + "jdbc-journal.bufferSize setting");
                // a write that is not written stops a FIFO queue as a failed batch does: what it caused may
                // be on its way already, and must not be written without it
                stop(full);
                done.completeExceptionally(full);
                return done;
            }
            queue.add(new Pending<>(rows, done));
            queuedRows += rows.size();
            start = runners();
            if (waiter != null && waiterRows + queuedRows >= batchSize) {
                LockSupport.unpark(waiter);
            }
        }
        start.forEach(launcher);
        return done;
    }

    /** While fewer than {@code parallelism} batches are being written, a runner for the next one (under the lock). */
    private List<Runner> runners() {
        List<Runner> start = List.of();
        while (writing < parallelism && !queue.isEmpty()) {
            writing++;
            if (start.isEmpty()) {
                start = new ArrayList<>(1);
            }
            start.add(new Runner(take()));
        }
        return start;
    }

    /** The next batch off the queue (under the lock): at least one write, then whole writes while they fit. */
    private List<Pending<R>> take() {
        List<Pending<R>> batch = new ArrayList<>();
        fill(batch, 0);
        return batch;
    }

    /** Whole writes off the queue into {@code batch} (of {@code rows} rows) while they fit (under the lock); its rows. */
    private int fill(List<Pending<R>> batch, int rows) {
        while (!queue.isEmpty() && (batch.isEmpty() || rows + queue.peek().rows().size() <= batchSize)) {
            Pending<R> p = queue.poll();
            rows += p.rows().size();
            queuedRows -= p.rows().size();
            batch.add(p);
        }
        return rows;
    }

    /**
     * Group commit: a batch smaller than {@code batchSize} waits up to {@code groupNanos} for more
     * writes (woken as soon as the waiting ones would fill it), then takes those that fit.
     */
    private void gather(List<Pending<R>> batch) {
        long deadline = System.nanoTime() + groupNanos;
        int rows = 0;
        for (Pending<R> p : batch) {
            rows += p.rows().size();
        }
        while (true) {
            synchronized (queue) {
                if (waiter == Thread.currentThread()) {
                    waiter = null;
                }
                rows = fill(batch, rows);
                // full, or the next write does not fit, or time is up, or another runner waits already
                if (rows >= batchSize || !queue.isEmpty() || deadline - System.nanoTime() <= 0 || waiter != null) {
                    return;
                }
                waiter = Thread.currentThread();
                waiterRows = rows;
            }
            LockSupport.parkNanos(this, deadline - System.nanoTime());
        }
    }

    /** Writes its batch, then the ones that gathered meanwhile, on one thread, until nothing waits. */
    final class Runner {
        /** The batch this runner must write next; null once it has returned. Guarded by the queue. */
        private List<Pending<R>> batch;

        private Runner(List<Pending<R>> first) {
            this.batch = first;
        }

        /**
         * On the pool's thread, with its connection: writes batch after batch. A batch that fails fails
         * its writes only (Pekko then stops their actors); the next is written as usual. An
         * {@link Error} leaves the batch to {@link #abandon}, as a pool that failed the runner does.
         */
        void run(Batches<R> db) {
            while (true) {
                List<Pending<R>> b;
                synchronized (queue) {
                    b = batch;
                }
                if (b == null) {
                    return;
                }
                if (groupNanos > 0) {
                    gather(b);
                }
                Throwable failure = null;
                try {
                    List<R> rows = new ArrayList<>();
                    for (Pending<R> p : b) {
                        rows.addAll(p.rows());
                    }
                    db.write(rows);
                } catch (Exception e) {
                    failure = e;
                }
                List<Pending<R>> refused;
                synchronized (queue) {
                    refused = stopOn(failure);
                    batch = queue.isEmpty() ? null : take();
                    if (batch == null) {
                        writing--;
                    }
                }
                Throwable f = failure;
                completions.execute(() -> {
                    complete(b, f);
                    complete(refused, refused.isEmpty() ? null : stoppedBy(f));
                });
            }
        }

        /**
         * The pool could not run this runner, or it died: its batch fails with {@code cause}, and
         * the writes still waiting get a runner of their own.
         */
        void abandon(Throwable cause) {
            List<Pending<R>> b;
            List<Runner> start;
            List<Pending<R>> refused;
            synchronized (queue) {
                b = batch;
                if (b == null) {
                    return; // returned normally
                }
                batch = null;
                writing--;
                refused = stopOn(cause);
                start = runners();
            }
            complete(b, cause);
            complete(refused, refused.isEmpty() ? null : stoppedBy(cause));
            start.forEach(launcher);
        }
    }

    /**
     * Under the lock, after a batch ended with {@code failure} (null: committed): if that stops the
     * queue, marks it stopped and takes out every write waiting, to be failed; else nothing.
     */
    private List<Pending<R>> stopOn(Throwable failure) {
        if (failure == null || !stop(failure)) {
            return List.of();
        }
        List<Pending<R>> refused = new ArrayList<>(queue);
        queue.clear();
        queuedRows = 0;
        return refused;
    }

    /**
     * Under the lock: with {@link #stopAfterFailure}, marks the queue stopped by {@code failure} (the
     * first one is kept) and says true; else false.
     */
    private boolean stop(Throwable failure) {
        if (stopAfterFailure && stopped == null) {
            stopped = failure;
        }
        return stopAfterFailure;
    }

    private static IllegalStateException stoppedBy(Throwable failure) {
        return new IllegalStateException("the journal writes nothing after a failed batch (" + failure.getMessage()
                + ")", failure);
    }

    private static <R> void complete(List<Pending<R>> batch, Throwable failure) {
        for (Pending<R> p : batch) {
            if (failure == null) {
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(failure);
            }
        }
    }
}
