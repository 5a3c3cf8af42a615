package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.CommitOrder;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The journal's commit order as tell when queued needs it: with one writer, batches commit in the
 * order their writes were queued, and after a batch fails nothing more commits
 * ({@link WriteQueue#stopAfterFailure}); and which stores declare it ({@link CommitOrder}).
 */
class CommitOrderTest {

    private final List<WriteQueue<String>.Runner> launched = new ArrayList<>();
    private final List<Runnable> completions = new ArrayList<>();
    /** The rows committed, in commit order. */
    private final List<String> committed = new ArrayList<>();

    private WriteQueue<String> fifo(int batch) {
        WriteQueue<String> q = new WriteQueue<>(1000, batch, 1, launched::add, completions::add);
        q.stopAfterFailure();
        return q;
    }

    private void complete() {
        List<Runnable> now = List.copyOf(completions);
        completions.clear();
        now.forEach(Runnable::run);
    }

    @Test
    @DisplayName("with one writer, the rows commit in the order their writes were queued, whatever the batches")
    void commitsInQueueOrder() {
        long seed = Long.getLong("bpflife.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        WriteQueue<String> q = fifo(1 + r.nextInt(8));
        List<String> queued = new ArrayList<>();
        int writes = 0;
        for (int round = 0; round < 50; round++) {
            for (int k = r.nextInt(5); k > 0; k--) {
                List<String> rows = new ArrayList<>();
                for (int j = 1 + r.nextInt(3); j > 0; j--) {
                    rows.add(writes + "." + j);
                }
                writes++;
                queued.addAll(rows);
                q.add(rows);
            }
            // the pool runs the launched runners now and then; a runner writes until nothing waits
            if (r.nextBoolean()) {
                for (WriteQueue<String>.Runner run : List.copyOf(launched)) {
                    run.run(committed::addAll);
                }
                launched.clear();
            }
        }
        for (WriteQueue<String>.Runner run : List.copyOf(launched)) {
            run.run(committed::addAll);
        }
        assertEquals(queued, committed, "seed " + seed + " (-Dbpflife.seed=" + seed + ")");
    }

    @Test
    @DisplayName("after a failed batch nothing commits: the writes waiting and every later one fail with it")
    void nothingAfterAFailure() throws Exception {
        WriteQueue<String> q = fifo(1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        CompletableFuture<Void> c = q.add(List.of("c"));
        IllegalStateException full = new IllegalStateException("disk full");
        launched.get(0).run(rows -> {
            if (rows.contains("b")) {
                throw full;
            }
            committed.addAll(rows);
        });
        complete();
        a.get();
        assertSame(full, cause(b));
        assertSame(full, cause(c).getCause(), "c waited behind the failed batch");
        CompletableFuture<Void> d = q.add(List.of("d"));
        assertSame(full, cause(d).getCause(), "a write after the failure fails at once");
        assertEquals(List.of("a"), committed);
        assertEquals(1, launched.size(), "no runner for anything after the failure");
    }

    @Test
    @DisplayName("a runner the pool abandoned (its batch may have committed or not) stops the queue too")
    void nothingAfterAnAbandonedBatch() {
        WriteQueue<String> q = fifo(1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        IllegalStateException closed = new IllegalStateException("database closed");
        launched.get(0).abandon(closed);
        assertSame(closed, cause(a));
        assertSame(closed, cause(b).getCause());
        assertEquals(1, launched.size(), "the writes that waited get no runner");
        assertFalse(completions.size() > 0);
    }

    @Test
    @DisplayName("a write refused before the queue (not serialized) stops it: the writes queued before it commit, "
            + "none after")
    void nothingAfterARefusedWrite() throws Exception {
        WriteQueue<String> q = fifo(1);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        IllegalStateException refused = new IllegalStateException("not serialized");
        assertSame(refused, q.refuse(refused).getCause());
        CompletableFuture<Void> c = q.add(List.of("c"));
        assertSame(refused, cause(c).getCause(), "a write after the refused one fails at once");
        launched.get(0).run(committed::addAll);
        complete();
        a.get();
        b.get();
        assertEquals(List.of("a", "b"), committed);
    }

    @Test
    @DisplayName("a write refused for a full buffer stops the queue as well; without stopAfterFailure it does not")
    void nothingAfterAFullBuffer() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(1, 1, 1, launched::add, completions::add);
        q.stopAfterFailure();
        q.add(List.of("a")); // taken by the runner: not waiting
        CompletableFuture<Void> b = q.add(List.of("b"));
        CompletableFuture<Void> c = q.add(List.of("c"));
        assertTrue(cause(c).getMessage().contains("the queue buffer was full"), cause(c).getMessage());
        launched.get(0).run(committed::addAll);
        complete();
        b.get();
        CompletableFuture<Void> d = q.add(List.of("d"));
        assertTrue(cause(d).getMessage().startsWith("the journal writes nothing after a failed batch"),
                cause(d).getMessage());
        assertEquals(List.of("a", "b"), committed);

        WriteQueue<String> several = new WriteQueue<>(1, 1, 1, launched::add, completions::add);
        int first = launched.size();
        several.add(List.of("x"));
        several.add(List.of("y"));
        assertTrue(cause(several.add(List.of("z"))).getMessage().contains("the queue buffer was full"));
        launched.get(first).run(committed::addAll);
        CompletableFuture<Void> w = several.add(List.of("w"));
        launched.get(first + 1).run(committed::addAll);
        complete();
        w.get(); // PostgreSQL's queue goes on
        assertEquals(List.of("a", "b", "x", "y", "w"), committed);
    }

    @Test
    @DisplayName("without stopAfterFailure (PostgreSQL, several writers) a failed batch fails only its writes")
    void withoutItTheNextBatchIsWritten() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(1000, 1, 1, launched::add, completions::add);
        CompletableFuture<Void> a = q.add(List.of("a"));
        CompletableFuture<Void> b = q.add(List.of("b"));
        launched.get(0).run(rows -> {
            if (rows.contains("a")) {
                throw new IllegalStateException("disk full");
            }
            committed.addAll(rows);
        });
        complete();
        assertTrue(a.isCompletedExceptionally());
        b.get();
        assertEquals(List.of("b"), committed);
    }

    @Test
    @DisplayName("the order is FIFO with one writer and tell-when-queued on, H2 or PostgreSQL; not with several "
            + "writers, or with it off")
    void whichJournalsAreFifo() {
        Config on = ConfigFactory.empty().withValue(BatchJournalDao.TELL_WHEN_QUEUED, ConfigValueFactory.fromAnyRef(true));
        Config off = ConfigFactory.empty().withValue(BatchJournalDao.TELL_WHEN_QUEUED,
                ConfigValueFactory.fromAnyRef("off"));
        assertTrue(BatchJournalDao.commitsInQueueOrder(1, on));
        assertTrue(BatchJournalDao.commitsInQueueOrder(1, ConfigFactory.empty()));
        assertFalse(BatchJournalDao.commitsInQueueOrder(1, off));
        assertFalse(BatchJournalDao.commitsInQueueOrder(2, on));
        assertFalse(BatchJournalDao.commitsInQueueOrder(4, on));
    }

    @Test
    @DisplayName("an H2 store declares the order to its objects; with BPFLIFE_TELL_WHEN_QUEUED=off it does not")
    void anH2StoreDeclaresIt() throws Exception {
        Path dir = Files.createTempDirectory("bpflife-order-");
        for (boolean want : new boolean[] {true, false}) {
            Config cfg = ConfigFactory.empty()
                    .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                    .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.resolve("d" + want).toString()))
                    .withValue(BatchJournalDao.TELL_WHEN_QUEUED, ConfigValueFactory.fromAnyRef(want ? "on" : "off"));
            try (Store store = Store.open(cfg)) {
                // the journal's DAO is made with the journal's actor, which the world's creation starts
                String text = "setup:\n    p = prog load dump_task target task\n";
                var sc = bpflife.model.scenario.ScenarioParser.parse("order.scn", text);
                bpflife.actors.LiveRun.create(store.system(), LiveWorlds.meta("order", sc, text,
                        bpflife.model.Semantics.LINUX), java.time.Duration.ofSeconds(60)).toCompletableFuture().get();
                assertEquals(want, CommitOrder.of(store.system()).fifo());
            }
        }
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

    @Test
    @DisplayName("a write failure told to an object but never seen by the queue (Pekko's open circuit breaker) "
            + "stops the journal too: the world's next write fails with it, a new world's creation at once")
    void aFailureToldToAnObjectStopsTheJournal() throws Exception {
        Path dir = Files.createTempDirectory("bpflife-order-");
        Config cfg = ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
        String text = "setup:\n    p = prog load dump_task target task\n";
        var sc = bpflife.model.scenario.ScenarioParser.parse("order.scn", text);
        try (Store store = Store.open(cfg)) {
            java.time.Duration timeout = java.time.Duration.ofSeconds(60);
            bpflife.actors.LiveRun.create(store.system(), LiveWorlds.meta("w", sc, text, bpflife.model.Semantics.LINUX),
                    timeout).toCompletableFuture().get();
            assertTrue(CommitOrder.of(store.system()).fifo());
            CommitOrder.of(store.system()).writeFailed(new IllegalStateException("Circuit Breaker is open"));
            bpflife.actors.LiveWorld w = new bpflife.actors.LiveWorld("w",
                    new bpflife.model.Env(sc, bpflife.model.Semantics.LINUX),
                    bpflife.actors.LocalRegistry.on(store.system()));
            ExecutionException after = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> bpflife.actors.LiveRun.run(store.system(), w, timeout).toCompletableFuture().get());
            assertTrue(String.valueOf(after.getCause().getMessage()).contains("Circuit Breaker is open"),
                    String.valueOf(after.getCause()));
            // a world's creation the journal refuses answers with the cause, not at the ask's 60 s timeout
            ExecutionException create = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> bpflife.actors.LiveRun.create(store.system(), LiveWorlds.meta("w2", sc, text,
                            bpflife.model.Semantics.LINUX), timeout).toCompletableFuture().get(10,
                            java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(String.valueOf(create.getCause().getMessage()).contains("Circuit Breaker is open"),
                    String.valueOf(create.getCause()));
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
