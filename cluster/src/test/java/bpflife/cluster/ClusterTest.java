package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bpflife.loadtest.LoadRun;
import bpflife.loadtest.LoadSettings;
import bpflife.loadtest.report.LoadSummary;
import bpflife.model.Semantics;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Replayer;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import java.time.Duration;
import java.util.stream.Collectors;
import bpflife.actors.LiveWorld;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 16 items 3 and 4 on three node JVMs on 127.0.0.1 with the PostgreSQL journal
 * (BPFLIFE_PG_URL, which .ci/run starts; skipped with the reason without it), started once for
 * both tests. The driver (this JVM) hosts no object: every step is taken on the nodes.
 * <ol>
 * <li>A load balances and its world replays IDENTICAL through the deterministic runtime, as a
 *     one-JVM run does.</li>
 * <li>Node loss: a load running, one node killed with SIGKILL once the world has taken 3,000
 *     steps. Its shards move to the survivors and recover from the journal, what it took with it
 *     is re-sent, and the run must still pass every balance check, have every step the driver
 *     acknowledged in the journal, and replay IDENTICAL.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private NodeProcesses nodes;
    private Store store;
    private ClusterDriver driver;

    @BeforeAll
    void start() throws Exception {
        if (unavailable() != null) {
            return;
        }
        nodes = NodeProcesses.start(3, Duration.ofSeconds(120));
        store = driver(nodes);
        driver = ClusterDriver.join(store, 3, Duration.ofSeconds(60));
    }

    @BeforeEach
    void reachable() {
        Assumptions.assumeTrue(unavailable() == null, ClusterTest::unavailable);
    }

    @AfterAll
    void stop() {
        LiveWorld.onStart(null);
        if (store != null) {
            store.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    static String unavailable() {
        String url = System.getenv("BPFLIFE_PG_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but BPFLIFE_PG_URL is not set: .ci/run starts PostgreSQL and exports it");
        }
        return "cluster test skipped: BPFLIFE_PG_URL is not set (a cluster's journal is PostgreSQL; .ci/run sets it)";
    }

    static LoadSettings settings(String world, long seed) {
        return new LoadSettings(40, 10, 2, null, 0, 48, Duration.ofMillis(10), Duration.ofMillis(30),
                Duration.ofMillis(30), 10, 10, world, seed, Semantics.LINUX, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1_000_000);
    }

    static String checks(LoadSummary r) {
        return r.checks().stream().map(c -> (c.passed() ? "  ok   " : "  FAIL ") + c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n"));
    }

    static Store driver(NodeProcesses nodes) {
        return driver(nodes.seed());
    }

    static Store driver(String seed) {
        return Store.open(ClusterConfig.member(ClusterConfig.Address.parse(seed, "seed"), "127.0.0.1", 0,
                ClusterConfig.DRIVER, false, com.typesafe.config.ConfigFactory.parseString("bpflife.store = postgres")));
    }

    /** The world replayed through the deterministic runtime: null when IDENTICAL, else why not. */
    static String replay(Store store, String world) {
        try (WorldStream ws = WorldStream.open(store, world)) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
            return o.divergence() == null ? null : o.divergence().toString();
        }
    }

    /**
     * Also issue 16's leftover: the nodes passivate gone objects (as one JVM does), so the entities a
     * long load keeps running stay bounded by what is alive at once, not by the objects it made. Without
     * passivation every object ever made stays an entity until the world closes.
     */
    @Test
    @Order(1)
    void aLoadThroughThreeNodesBalancesAndReplaysIdentical() throws Exception {
        String world = "cluster-" + System.currentTimeMillis();
        int concurrency = 10;
        LoadSummary r;
        int max;
        try (Entities entities = new Entities(store.system(), nodes, world).sample(Duration.ofMillis(500))) {
            // reads of 512 bytes, not 48: the objects a session makes are the same, in fewer steps
            r = LoadRun.run(store, new LoadSettings(250, concurrency, 2, null, 0, 512, Duration.ofMillis(10),
                    Duration.ofMillis(30), Duration.ofMillis(30), 10, 10, world, 7, Semantics.LINUX,
                    Duration.ofSeconds(30), Duration.ofSeconds(60), 1_000_000), p -> { });
            max = entities.max();
            System.out.println("entities: at most " + max + " running in " + entities.samples() + " samples"
                    + (entities.failure() == null ? "" : " (a sample failed: " + entities.failure() + ")"));
        }
        assertTrue(r.balanced(), "seed 7:\n" + checks(r) + "\n" + nodes.logs());
        assertTrue(r.sessionsOpened() > 0, "no session opened");
        assertNull(replay(store, world), "replay --world of the cluster world");
        var states = JournalStates.read(store, world);
        long made = states.size();
        long alive = states.values().stream().filter(s -> !gone(s)).count();
        System.out.println("entities: " + made + " objects made, " + alive + " alive at the end, " + r.sessionsOpened()
                + " sessions");
        assertTrue(max <= bound(concurrency, alive), "at most " + max + " entities ran at once, over the bound "
                + bound(concurrency, alive) + " (" + made + " objects made)");
        assertTrue(made >= 3L * bound(concurrency, alive), "the load is long enough to tell: " + made + " objects made");
    }

    /**
     * A copy of a message taken already, numbered as a recovery re-sends it (docs/CLUSTER.md
     * "Re-sending"), crosses the wire and is dropped by its entity on a node: mid-load, the driver
     * tells setup a second copy of the world's own first message, number 1, as a recovery whose
     * original came late would. Without numbered messages setup takes it twice and the end-of-run
     * check (Delivered) names it.
     */
    @Test
    @Order(1)
    void aReSentCopyOfAMessageTakenAlreadyIsDroppedOnItsNode() throws Exception {
        String world = "copy-" + System.currentTimeMillis();
        CompletableFuture<Void> told = new CompletableFuture<>();
        LiveWorld.onStart(w -> {
            if (w.name().equals(world)) {
                w.reaching(500).thenRunAsync(() -> {
                    w.tell(bpflife.model.world.Boot.firstTask(), new bpflife.actors.Command.Deliver(
                            bpflife.protocol.ActorId.WORLD, bpflife.model.world.Boot.start(), 1));
                    told.complete(null);
                });
            }
        });
        LoadSummary r = LoadRun.run(store, settings(world, 17), p -> { });
        told.get(10, TimeUnit.SECONDS);
        String dropped = droppedCopies(world);
        System.out.println("a re-sent copy: " + dropped);
        assertTrue(r.balanced(), "seed 17:\n" + checks(r) + "\n" + nodes.logs());
        assertEquals("1 copies dropped (taken already)", dropped, "setup's second start dropped on its node");
        assertNull(replay(store, world), "replay --world: the copy is no step");
    }

    /** Freed, or a task that exited: can receive nothing more (actors' Gone.is). */
    static boolean gone(bpflife.model.ObjectState s) {
        return s.freed() || s instanceof bpflife.model.Task.State t && t.exited();
    }

    /**
     * What may run at once: the objects alive at the end (singletons, setup's pins, links and progs),
     * plus per running session its reader, the forked child, their files and seq sessions, the
     * periodic tasks the driver's ticker starts beside them (updaters, unlinkers, pollers: not
     * bounded by the concurrency) and the gone objects whose passivation is still on its way (a
     * sample every 500 ms). Measured 84-106 on a loaded machine and 149 on a quieter one (17:11,
     * after the faster write path); without passivation every object made: the test's 250
     * sessions make about 950 (300 made 1,137, 3.9 a session), past three times the bound's 780.
     */
    static long bound(int concurrency, long alive) {
        return alive + 25L * concurrency;
    }

    /**
     * BalancePassivatedTest's case on the cluster: a prog freed while a file still holds it is
     * passivated on its node (its entity stops), and the driver's balance check, which reads every
     * state from the journal, still names it.
     */
    @Test
    @Order(0)
    void aFreedPassivatedProgStillHeldBreaksTheBalanceNamed() throws Exception {
        String world = "balance-passivated-" + System.currentTimeMillis();
        java.nio.file.Path file = java.nio.file.Path.of("..", "scenarios", "rm-during-cats.scn");
        var sc = bpflife.model.scenario.ScenarioParser.parseFile(file);
        Duration t = Duration.ofSeconds(30);
        bpflife.actors.LiveRun.create(store.system(), LiveWorlds.meta(world, sc, java.nio.file.Files.readString(file),
                Semantics.LINUX), t).toCompletableFuture().get(60, TimeUnit.SECONDS);
        LiveWorld w = new LiveWorld(world, new bpflife.model.Env(sc, Semantics.LINUX),
                bpflife.actors.Registries.on(store.system()));
        w.countGone(); // as the load test does
        var p = new bpflife.protocol.ActorId.ProgId("t", 1);
        var f = new bpflife.protocol.ActorId.FileId("t", 1);
        var task = new bpflife.protocol.ActorId.TaskId("t");
        try (Entities entities = new Entities(store.system(), nodes, world)) {
            w.tell(p, new bpflife.actors.Command.Born(new bpflife.protocol.Event.ProgLoaded(p, "dump_task",
                    bpflife.protocol.IterTarget.TASK, 0, false)));
            w.tell(f, new bpflife.actors.Command.Born(new bpflife.protocol.Event.FileOpened(f,
                    bpflife.protocol.FileKind.PROG, p, null))); // the file holds the prog
            // the prog's only counted reference is put: it is freed while the file still holds it
            w.tell(p, new bpflife.actors.Command.Deliver(task, new bpflife.protocol.Msg.Put(p,
                    bpflife.protocol.PutMode.DIRECT, task)));
            w.reaching(1).get(60, TimeUnit.SECONDS);
            java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Entities.await(() -> {
                ids.clear();
                try {
                    entities.count(ids);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                // the prog's free also reaches the prog IDR and the task (an unborn entity here)
                return !ids.contains(p.key()) && ids.contains(f.key());
            }, Duration.ofSeconds(30), () -> "the freed prog's entity stopped on its node, the file's still running: " + ids);
            // what the driver's states are (LiveRun.states reads JournalStates.read), without the throw of the
            // duplicate check, which names the Put this test forged (no recorded step sent it)
            JournalStates.Folded folded = JournalStates.fold(store, world);
            assertEquals("task:t -> prog:t.1 took message #1 (Put) of 0 sent", folded.duplicate());
            var states = folded.states();
            assertTrue(states.get(p).freed(), "the passivated prog's final state, from the journal: " + states.get(p));
            bpflife.loadtest.report.Check c = bpflife.loadtest.BalanceOf.of(states, w.goneCounted()).get(1);
            assertTrue(!c.passed(), c.detail());
            assertTrue(c.detail().contains(p.key() + ": freed while " + f.key() + " still hold it"), c.detail());
        } finally {
            w.closing();
            w.registry().stopAll();
        }
    }

    @Test
    @Order(2)
    void killingOneOfThreeNodesLosesNothingAcknowledgedAndTheWorldReplaysIdentical() throws Exception {
        String world = "node-loss-" + System.currentTimeMillis();
        CompletableFuture<Long> killedAt = new CompletableFuture<>();
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
        LoadSettings s = new LoadSettings(250, 20, 2, null, 0, 512, Duration.ofMillis(10),
                Duration.ofMillis(30), Duration.ofMillis(30), 10, 10, world, 11, Semantics.LINUX,
                Duration.ofSeconds(120), Duration.ofSeconds(120), 1_000_000);
        LoadSummary r = LoadRun.run(store, s, p -> { });
        long killed = killedAt.get(10, TimeUnit.SECONDS);
        List<Recovery.Done> done = driver.recoveries(world);
        String figures = figures(killed, done);
        System.out.println("node loss: " + figures + "; " + droppedCopies(world));
        assertTrue(r.balanced(), "seed 11, " + figures + ":\n" + checks(r) + "\n" + nodes.logs());
        assertEquals(1, done.size(), "one recovery: " + figures);
        assertTrue(r.sessionsOpened() > 0 && r.sessionsAlive() == 0, "sessions: " + r.sessionsOpened()
                + " opened, " + r.sessionsAlive() + " alive");
        Recovery steps = driver.steps(world);
        assertEquals(steps.acknowledgedCount(), acknowledgedInJournal(store, world, steps),
                "every step the driver acknowledged is in the journal");
        assertNull(replay(store, world), "replay --world of the world that lost a node");
    }

    /**
     * The node that hosts setup killed as the world starts, before setup took its start: the world's
     * own first message (sent by the driver, by no recorded step) and setup's birth went to the
     * lost node. Before the fix the recovery re-sent the birth but not the start, and the load
     * stopped with "the workload's setup did not finish" (bench/cluster.sh kill 3000, reproduced
     * with a kill 3 s after the driver joined). Test 2 killed a node: a spare joins first.
     */
    @Test
    @Order(3)
    void killingTheNodeThatHostsSetupAsTheWorldStartsIsRecovered() throws Exception {
        long alive = nodes.nodes.stream().filter(n -> n.process().isAlive()).count();
        if (alive < 3) {
            nodes.add(Duration.ofSeconds(120));
        }
        driver.nodesUp(3).get(60, TimeUnit.SECONDS);
        // a world whose setup lands on a shard that lives on a node now, and that node
        String[] world = new String[1];
        int victim = -1;
        java.util.Map<String, Integer> homes = taskShardHomes();
        if (homes.size() < 10) { // run alone: no task shard has a home yet; a small load gives some
            assertTrue(LoadRun.run(store, new LoadSettings(20, 10, 1, null, 0, 48, Duration.ofMillis(10),
                    Duration.ofMillis(30), Duration.ofMillis(30), 10, 0, "shards-" + System.currentTimeMillis(), 3,
                    Semantics.LINUX, Duration.ofSeconds(30), Duration.ofSeconds(60), 1_000), p -> { }).balanced());
            homes = taskShardHomes();
        }
        var shardOf = new org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor<Object>(
                store.system().settings().config().getInt("bpflife.cluster.shards"));
        for (int i = 0; victim < 0 && i < 1_000; i++) {
            world[0] = "setup-loss-" + System.currentTimeMillis() + "-" + i;
            Integer port = homes.get(shardOf.shardId(bpflife.actors.Registry.entityId(world[0],
                    new bpflife.protocol.ActorId.TaskId("setup"))));
            victim = port == null ? -1 : nodes.byPort(port);
        }
        assertTrue(victim >= 0, "no world name lands setup on a node's shard: " + homes);
        int killed = victim;
        CompletableFuture<Long> killedAt = new CompletableFuture<>();
        LiveWorld.onStart(w -> {
            if (w.name().equals(world[0])) { // made and opened on the nodes; nothing told yet
                try {
                    nodes.kill(killed);
                    killedAt.complete(System.nanoTime());
                } catch (InterruptedException e) {
                    killedAt.completeExceptionally(e);
                }
            }
        });
        LoadSummary r = LoadRun.run(store, settings(world[0], 13), p -> { });
        List<Recovery.Done> done = driver.recoveries(world[0]);
        String figures = figures(killedAt.get(10, TimeUnit.SECONDS), done);
        System.out.println("setup's node lost: " + figures + "; " + droppedCopies(world[0]));
        assertTrue(r.balanced(), "seed 13, " + figures + ":\n" + checks(r) + "\n" + nodes.logs());
        assertEquals(1, done.size(), "one recovery: " + figures);
        Recovery steps = driver.steps(world[0]);
        assertEquals(steps.acknowledgedCount(), acknowledgedInJournal(store, world[0], steps),
                "every step the driver acknowledged is in the journal");
        assertNull(replay(store, world[0]), "replay --world of the world that lost setup's node");
    }

    /**
     * Losing the driver: a second driver (its own actor system in this JVM) runs a load and leaves
     * the cluster mid-run: its load stops as failed, saying why (exit 2, the world's durable steps
     * kept). Then a driver JVM is SIGKILLed mid-load: the resolver downs it and a node closes the
     * world, saying so.
     */
    @Test
    @Order(4)
    void aDriverThatLeavesMidRunStopsItsWorldAndTheNodesCloseIt() throws Exception {
        String world = "driver-loss-" + System.currentTimeMillis();
        Store second = driver(nodes.liveSeed()); // test 3 may have killed the seed
        try {
            ClusterDriver.join(second, 2, Duration.ofSeconds(60));
            LiveWorld.onStart(w -> {
                if (w.name().equals(world)) {
                    w.reaching(500).thenRunAsync(() -> second.system().terminate());
                }
            });
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> LoadRun.run(second, settings(world, 17), p -> { }));
            assertTrue(e instanceof LiveWorld.Stopped s && s.exit() == bpflife.protocol.UserError.Exit.BAD_INPUT
                    && s.getMessage().startsWith("this driver left the cluster"), "the load's error: " + e);
        } finally {
            LiveWorld.onStart(null);
            second.close();
        }
        // a driver leaving as above tells the nodes to close its world first; a killed one cannot
        String killedWorld = "driver-kill-" + System.currentTimeMillis();
        CompletableFuture<String> reached = nodes.line(DriverMain.REACHED + killedWorld);
        CompletableFuture<String> lost = nodes.line("world " + killedWorld + " lost its driver");
        Process p = nodes.driver(killedWorld);
        try {
            reached.get(120, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String line = lost.get(60, TimeUnit.SECONDS);
        assertTrue(line.startsWith("bpflife node: world " + killedWorld + " lost its driver"), line);
    }

    /**
     * A second node lost during a recovery, on the side the split-brain resolver keeps: of three
     * nodes one is killed mid-load, and once it is removed (the recovery waiting for the world to
     * settle) the one of the two left with the higher address is killed too. Two nodes is a tie,
     * which keep-majority settles for the side with the lowest address: this driver's, with the last
     * node. The recovery takes the second node in (before, a second recovery thread ran beside the
     * first, whose wait still asked the dead node and failed the world), and the load on one node
     * must still pass every check, lose nothing acknowledged, and replay IDENTICAL.
     */
    @Test
    @Order(5)
    void aSecondNodeLostDuringTheRecoveryIsTakenInWhenTheDriversSideKeepsTheTie() throws Exception {
        while (nodes.nodes.stream().filter(n -> n.process().isAlive()).count() < 3) {
            nodes.add(Duration.ofSeconds(120));
        }
        driver.nodesUp(3).get(60, TimeUnit.SECONDS);
        List<NodeProcesses.Node> alive = nodes.nodes.stream().filter(n -> n.process().isAlive())
                .sorted(java.util.Comparator.comparingInt(NodeProcesses.Node::port)).toList();
        NodeProcesses.Node first = alive.get(1);
        NodeProcesses.Node second = alive.get(2); // the higher address of the two left: the tie goes against it
        String world = "second-loss-" + System.currentTimeMillis();
        CompletableFuture<Long> killedAt = new CompletableFuture<>();
        CompletableFuture<String> firstRemoved = memberEvent(org.apache.pekko.cluster.ClusterEvent.MemberRemoved.class,
                "bpflife@127.0.0.1:" + first.port());
        firstRemoved.thenRun(() -> {
            try {
                nodes.kill(nodes.nodes.indexOf(second));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LiveWorld.onStart(w -> {
            if (w.name().equals(world)) {
                w.reaching(3_000).thenRunAsync(() -> {
                    try {
                        nodes.kill(nodes.nodes.indexOf(first));
                        killedAt.complete(System.nanoTime());
                    } catch (InterruptedException e) {
                        killedAt.completeExceptionally(e);
                    }
                });
            }
        });
        LoadSettings s = new LoadSettings(250, 20, 2, null, 0, 512, Duration.ofMillis(10),
                Duration.ofMillis(30), Duration.ofMillis(30), 10, 10, world, 23, Semantics.LINUX,
                Duration.ofSeconds(120), Duration.ofSeconds(120), 1_000_000);
        LoadSummary r = LoadRun.run(store, s, p -> { });
        long killed = killedAt.get(10, TimeUnit.SECONDS);
        List<Recovery.Done> done = driver.recoveries(world);
        String figures = done.stream().map(d -> figures(killed, List.of(d))).collect(Collectors.joining("; "));
        System.out.println("second node lost during the recovery: " + figures + "; " + droppedCopies(world));
        // every check, the one that no message was taken twice included (Delivered): the lead's
        // clean-clone CI run of session 7 saw this recovery re-send a ReadSession whose original came
        // after all, allowed here until numbered messages (docs/CLUSTER.md "Re-sending") dropped the second
        assertTrue(r.balanced(), "seed 23, " + figures + ":\n" + checks(r) + "\n" + nodes.logs());
        String recovered = done.stream().map(Recovery.Done::node).collect(Collectors.joining(" and "));
        assertTrue(recovered.contains(":" + first.port()) && recovered.contains(":" + second.port()),
                "both lost nodes recovered: " + figures);
        Recovery steps = driver.steps(world);
        assertEquals(steps.acknowledgedCount(), acknowledgedInJournal(store, world, steps),
                "every step the driver acknowledged is in the journal");
        assertNull(replay(store, world), "replay --world of the world that lost two nodes");
    }

    /**
     * A second node lost before the first is removed: of three nodes, one killed mid-load and
     * another right after it (before the resolver acts on the first). The side left (one node and
     * this driver) has no majority, so the split-brain resolver downs it: the load stops as failed, naming the
     * nodes it could not reach (exit 2: the environment), the last node says it was downed and
     * exits 2, and every step the driver acknowledged is in the journal. Last: it ends the cluster.
     */
    @Test
    @Order(6)
    void losingTheMajorityDownsTheLastNodeAndTheDriverExit2() throws Exception {
        while (nodes.nodes.stream().filter(n -> n.process().isAlive()).count() < 3) {
            nodes.add(Duration.ofSeconds(120));
        }
        driver.nodesUp(3).get(60, TimeUnit.SECONDS);
        List<NodeProcesses.Node> alive = nodes.nodes.stream().filter(n -> n.process().isAlive()).toList();
        NodeProcesses.Node a = alive.get(0);
        NodeProcesses.Node b = alive.get(1);
        NodeProcesses.Node last = alive.get(2);
        String world = "majority-loss-" + System.currentTimeMillis();
        LiveWorld.onStart(w -> {
            if (w.name().equals(world)) {
                w.reaching(3_000).thenRunAsync(() -> {
                    try {
                        // the second before the resolver has acted on the first (its 3 s of stable
                        // membership after the first is found unreachable): killed right after it
                        nodes.kill(nodes.nodes.indexOf(a));
                        nodes.kill(nodes.nodes.indexOf(b));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        });
        CompletableFuture<String> downedLine = nodes.line("Error: this node was downed by the split-brain resolver");
        Recovery[] acked = new Recovery[1];
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            try {
                LoadRun.run(store, new LoadSettings(400, 20, 2, null, 0, 48, Duration.ofMillis(10),
                        Duration.ofMillis(30), Duration.ofMillis(30), 10, 10, world, 29, Semantics.LINUX,
                        Duration.ofSeconds(120), Duration.ofSeconds(120), 1_000_000), p -> { });
            } finally {
                acked[0] = driver.steps(world);
            }
        });
        assertTrue(e instanceof LiveWorld.Stopped st && st.exit() == bpflife.protocol.UserError.Exit.BAD_INPUT
                && st.getMessage().startsWith("this driver left the cluster (removed: nodes ")
                && st.getMessage().contains(":" + a.port()) && st.getMessage().contains(":" + b.port())
                && st.getMessage().contains(" unreachable; the split-brain resolver downs a driver"),
                "the load's error: " + e);
        String line = downedLine.get(60, TimeUnit.SECONDS);
        assertTrue(last.process().waitFor(60, TimeUnit.SECONDS), "the last node exits");
        assertEquals(2, last.process().exitValue(), "the downed node's exit code; it said: " + line);
        // the driver's own system is down with it: the journal is read through a store of its own
        try (Store reader = Store.open(com.typesafe.config.ConfigFactory.parseString("bpflife.store = postgres"))) {
            assertEquals(acked[0].acknowledgedCount(), acknowledgedInJournal(reader, world, acked[0]),
                    "every step the driver acknowledged is in the journal");
        }
    }

    /** Completes with the member's address once this driver's cluster reports {@code type} of it. */
    private CompletableFuture<String> memberEvent(Class<?> type, String hostPort) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        store.system().systemActorOf(org.apache.pekko.actor.typed.javadsl.Behaviors.<Object>setup(ctx -> {
            org.apache.pekko.cluster.typed.Cluster.get(ctx.getSystem()).subscriptions().tell(
                    org.apache.pekko.cluster.typed.Subscribe.create(ctx.getSelf().narrow(),
                            org.apache.pekko.cluster.ClusterEvent.ClusterDomainEvent.class));
            return org.apache.pekko.actor.typed.javadsl.Behaviors.receiveMessage(m -> {
                if (type.isInstance(m) && m instanceof org.apache.pekko.cluster.ClusterEvent.MemberEvent me
                        && me.member().address().hostPort().equals(hostPort)
                        || type.isInstance(m) && m instanceof org.apache.pekko.cluster.ClusterEvent.ReachabilityEvent re
                        && re.member().address().hostPort().equals(hostPort)) {
                    seen.complete(hostPort);
                    return org.apache.pekko.actor.typed.javadsl.Behaviors.stopped();
                }
                return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
            });
        }), "test-watch-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
        return seen;
    }

    /** Which node (by port) hosts each task shard now: each live node's task region says. */
    private java.util.Map<String, Integer> taskShardHomes() throws Exception {
        java.util.Map<String, Integer> homes = new java.util.HashMap<>();
        org.apache.pekko.actor.ActorSystem classic = org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(store.system());
        for (NodeProcesses.Node n : nodes.nodes) {
            if (!n.process().isAlive()) {
                continue;
            }
            Object st = org.apache.pekko.pattern.Patterns.ask(
                    classic.actorSelection("pekko://bpflife@127.0.0.1:" + n.port() + "/system/sharding/"
                            + Shards.TASKS.name()),
                    org.apache.pekko.cluster.sharding.ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(20))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (var shard : ((org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState) st).getShards()) {
                homes.put(shard.shardId(), n.port());
            }
        }
        return homes;
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

    /**
     * How many copies of numbered messages the nodes dropped in {@code world} (each says so once on
     * its node's log): a re-sent message whose original came too, or the other way round.
     */
    private String droppedCopies(String world) throws java.io.IOException {
        long n = nodes.logs().lines().filter(l -> l.contains(world + "|") && l.contains("this copy dropped")).count();
        return n + " copies dropped (taken already)";
    }

    static String figures(long killed, List<Recovery.Done> done) {
        if (done.isEmpty()) {
            return "no recovery";
        }
        Recovery.Done d = done.get(0);
        return String.format(Locale.ROOT, "node %s: unreachable after %.1f s, removed after %.1f s, re-sent %d "
                        + "messages and %d births at %.1f s, %d steps not fed yet, first step of a moved shard %.1f s "
                        + "after the kill", d.node(), (d.unreachableAt() - killed) / 1e9, (d.removedAt() - killed) / 1e9,
                d.resent(), d.births(), (d.resentAt() - killed) / 1e9, d.unfed(), (d.firstMovedStepAt() - killed) / 1e9);
    }
}
