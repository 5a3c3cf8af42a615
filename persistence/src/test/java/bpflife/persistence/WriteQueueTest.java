package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The journal's write queue, with the database's pool played by the test: launched runners are
 * kept in a list and run on the test's thread when the test says, so every interleaving is exact.
 */
class WriteQueueTest {

    private final List<WriteQueue<String>.Runner> launched = new ArrayList<>();
    /** The batches written, in order. */
    private final List<List<String>> written = new ArrayList<>();

    private WriteQueue<String> queue(int buffer, int batch, int parallelism) {
        return new WriteQueue<>(buffer, batch, parallelism, launched::add, completions::add);
    }

    /** Completions handed to the dispatcher, run when the test says. */
    private final List<Runnable> completions = new ArrayList<>();

    private void complete() {
        List<Runnable> now = List.copyOf(completions);
        completions.clear();
        now.forEach(Runnable::run);
    }

    private void write(List<String> rows) {
        written.add(List.copyOf(rows));
    }

    @Test
    @DisplayName("writes that gather while a batch is written are written next by the same runner: one launch, "
            + "no hand-over between commits")
    void nextBatchOnTheSameRunner() {
        WriteQueue<String> q = queue(100, 10, 1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        assertEquals(1, launched.size());
        CompletableFuture<Void> b = q.add(List.of("b1", "b2"));
        CompletableFuture<Void> c = q.add(List.of("c"));
        assertEquals(1, launched.size(), "one batch at a time: the others wait for the runner");
        List<Integer> handedOver = new ArrayList<>();
        launched.get(0).run(rows -> {
            handedOver.add(completions.size());
            write(rows);
        });
        assertEquals(List.of(List.of("a"), List.of("b1", "b2", "c")), written);
        assertEquals(List.of(0, 1), handedOver, "a batch's completion is handed to the dispatcher before the next "
                + "batch is written, not run on the writer's thread");
        assertFalse(a.isDone());
        complete();
        assertTrue(a.isDone() && b.isDone() && c.isDone());
        assertEquals(1, launched.size(), "the second batch needed no second launch");
        // idle again: the next write gets a runner of its own
        q.add(List.of("d"));
        assertEquals(2, launched.size());
    }

    @Test
    @DisplayName("a batch holds at most batchSize rows and never splits a write; a larger write goes alone")
    void batchSize() {
        WriteQueue<String> q = queue(100, 3, 1);
        q.add(List.of("x"));
        q.add(List.of("a1", "a2"));
        q.add(List.of("b1", "b2"));
        q.add(List.of("c1", "c2", "c3", "c4"));
        q.add(List.of("d"));
        launched.get(0).run(this::write);
        assertEquals(List.of(List.of("x"), List.of("a1", "a2"), List.of("b1", "b2"), List.of("c1", "c2", "c3", "c4"),
                List.of("d")), written);
    }

    @Test
    @DisplayName("parallelism N: N runners at once, each with its own batch")
    void parallelism() {
        WriteQueue<String> q = queue(100, 1, 2);
        q.add(List.of("a"));
        q.add(List.of("b"));
        q.add(List.of("c"));
        assertEquals(2, launched.size());
        launched.get(1).run(this::write);
        assertEquals(List.of(List.of("b"), List.of("c")), written);
        launched.get(0).run(this::write);
        assertEquals(List.of(List.of("b"), List.of("c"), List.of("a")), written);
    }

    @Test
    @DisplayName("a failed batch fails exactly its writes, with the batch's own exception; the next batch is written")
    void failedBatch() throws Exception {
        WriteQueue<String> q = queue(100, 1, 1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        IllegalStateException full = new IllegalStateException("disk full");
        launched.get(0).run(rows -> {
            if (rows.contains("a")) {
                throw full;
            }
            write(rows);
        });
        complete();
        assertSame(full, cause(a));
        b.get();
        assertEquals(List.of(List.of("b")), written);
    }

    @Test
    @DisplayName("a runner the pool could not run fails its batch, and the writes still waiting get a new runner")
    void abandoned() throws Exception {
        WriteQueue<String> q = queue(100, 1, 1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        IllegalStateException closed = new IllegalStateException("database closed");
        launched.get(0).abandon(closed);
        assertSame(closed, cause(a));
        assertFalse(b.isDone());
        assertEquals(2, launched.size());
        launched.get(1).run(this::write);
        complete();
        b.get();
        launched.get(0).abandon(closed); // too late, and again: nothing more happens
        assertEquals(2, launched.size());
    }

    @Test
    @DisplayName("more than bufferSize writes waiting: refused at once with Pekko's words")
    void bufferFull() {
        WriteQueue<String> q = queue(2, 1, 1);
        q.add(List.of("a")); // taken by the runner: not waiting
        q.add(List.of("b"));
        q.add(List.of("c"));
        CompletableFuture<Void> d = q.add(List.of("d"));
        assertTrue(cause(d).getMessage().contains("the queue buffer was full (2 elements)"), cause(d).getMessage());
    }

    private static Throwable cause(CompletableFuture<Void> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("completed normally");
    }

    /** Runs the first launched runner on a thread of its own (a group commit parks it); the batches it wrote. */
    private List<List<String>> runAlone(long joinSeconds) throws Exception {
        List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> launched.get(0).run(rows -> batches.add(List.copyOf(rows))), "runner");
        t.start();
        return runAlone(t, batches, joinSeconds);
    }

    private static List<List<String>> runAlone(Thread t, List<List<String>> batches, long joinSeconds) throws Exception {
        t.join(joinSeconds * 1000);
        assertFalse(t.isAlive(), "the runner still waits after " + joinSeconds + " s: " + batches);
        return batches;
    }

    @Test
    @DisplayName("group commit: a small batch waits for more writes, and is written as soon as they fill it (not at "
            + "the end of its wait, 60 s here)")
    void groupCommit() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(100, 3, 1, 60_000_000_000L, launched::add, completions::add);
        CompletableFuture<Void> a = q.add(List.of("a"));
        List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> launched.get(0).run(rows -> batches.add(List.copyOf(rows))), "runner");
        t.start();
        q.add(List.of("b"));
        q.add(List.of("c"));
        assertEquals(List.of(List.of("a", "b", "c")), runAlone(t, batches, 30));
        assertFalse(a.isDone());
        complete();
        assertTrue(a.isDone());
        assertEquals(1, launched.size());
    }

    @Test
    @DisplayName("group commit: a write that does not fit ends the wait at once; a batch nothing joins is written "
            + "when its wait is over")
    void groupCommitEnds() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(100, 3, 1, 60_000_000_000L, launched::add, completions::add);
        q.add(List.of("a"));
        q.add(List.of("b1", "b2", "b3"));
        assertEquals(List.of(List.of("a"), List.of("b1", "b2", "b3")), runAlone(30));

        launched.clear();
        WriteQueue<String> brief = new WriteQueue<>(100, 3, 1, 50_000_000L, launched::add, completions::add);
        brief.add(List.of("x"));
        long t0 = System.nanoTime();
        assertEquals(List.of(List.of("x")), runAlone(30));
        assertTrue(System.nanoTime() - t0 >= 50_000_000L, "written before its 50 ms wait was over");
    }
}
