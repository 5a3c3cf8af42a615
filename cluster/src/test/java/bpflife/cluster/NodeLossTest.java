package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveWorld;
import bpflife.loadtest.LoadRun;
import bpflife.loadtest.LoadSettings;
import bpflife.loadtest.report.LoadSummary;
import bpflife.model.Semantics;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 4: three node JVMs on 127.0.0.1 with the PostgreSQL journal, a load running, one
 * node killed with SIGKILL once the world has taken some steps. Its shards move to the survivors
 * and recover from the journal, what it took with it is re-sent, and the run must still pass every
 * balance check, have every step the driver acknowledged in the journal, and replay IDENTICAL.
 */
class NodeLossTest {

    @Test
    void killingOneOfThreeNodesLosesNothingAcknowledgedAndTheWorldReplaysIdentical() throws Exception {
        Assumptions.assumeTrue(ClusterLoadTest.unavailable() == null, ClusterLoadTest::unavailable);
        System.setProperty("bpflife.store", "postgres");
        String world = "node-loss-" + System.currentTimeMillis();
        try (NodeProcesses nodes = NodeProcesses.start(3, Duration.ofSeconds(120))) {
            Store store = ClusterLoadTest.driver(nodes);
            CompletableFuture<Long> killedAt = new CompletableFuture<>();
            try {
                ClusterDriver driver = ClusterDriver.join(store, 3, Duration.ofSeconds(60));
                // once the world has taken 3,000 steps (the load well under way), SIGKILL the second node
                LiveWorld.onStart(w -> {
                    if (w.name().equals(world)) {
                        w.reaching(3_000).thenRunAsync(() -> {
                            try {
                                nodes.kill(1);
                                killedAt.complete(System.nanoTime());
                            } catch (InterruptedException e) {
                                killedAt.completeExceptionally(e);
                            }
                        });
                    }
                });
                LoadSettings s = new LoadSettings(400, 20, 2, null, 0, 48, Duration.ofMillis(10),
                        Duration.ofMillis(30), Duration.ofMillis(30), 10, 10, world, 11, Semantics.LINUX,
                        Duration.ofSeconds(120), Duration.ofSeconds(120), 1_000_000);
                LoadSummary r = LoadRun.run(store, s, p -> { });
                long killed = killedAt.get(10, TimeUnit.SECONDS);
                List<Recovery.Done> done = driver.recoveries(world);
                String figures = figures(killed, done);
                System.out.println("node loss: " + figures);
                assertTrue(r.balanced(), "seed 11, " + figures + ":\n" + ClusterLoadTest.checks(r) + "\n" + nodes.logs());
                assertEquals(1, done.size(), "one recovery: " + figures);
                assertTrue(r.sessionsOpened() > 0 && r.sessionsAlive() == 0, "sessions: " + r.sessionsOpened()
                        + " opened, " + r.sessionsAlive() + " alive");
                Recovery steps = driver.steps(world);
                assertEquals(steps.acknowledgedCount(), acknowledgedInJournal(store, world, steps),
                        "every step the driver acknowledged is in the journal");
                assertNull(ClusterLoadTest.replay(store, world), "replay --world of the world that lost a node");
            } finally {
                LiveWorld.onStart(null);
                store.close();
            }
        } finally {
            System.clearProperty("bpflife.store");
        }
    }

    static long acknowledgedInJournal(Store store, String world, Recovery acked) {
        long n = 0;
        try (WorldStream ws = WorldStream.open(store, world)) {
            while (ws.hasNext()) {
                if (ws.next() instanceof WorldStream.Step s && acked.wasAcknowledged(s.record())) {
                    n++;
                }
            }
        }
        return n;
    }

    static String figures(long killed, List<Recovery.Done> done) {
        if (done.isEmpty()) {
            return "no recovery";
        }
        Recovery.Done d = done.get(0);
        return String.format(Locale.ROOT, "node %s: unreachable after %.1f s, removed after %.1f s, re-sent %d "
                        + "messages and %d births at %.1f s, %d steps never fed, first step of a moved shard %.1f s "
                        + "after the kill", d.node(), (d.unreachableAt() - killed) / 1e9, (d.removedAt() - killed) / 1e9,
                d.resent(), d.births(), (d.resentAt() - killed) / 1e9, d.unfed(), (d.firstMovedStepAt() - killed) / 1e9);
    }
}
