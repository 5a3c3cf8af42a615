package bpflife.cluster;

import bpflife.actors.Command;
import bpflife.model.world.Boot;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * What the driver knows of a world's steps (every step a node fed it is acknowledged: it must be in
 * the journal), and the recovery from a lost node:
 * <ol>
 * <li>the node is found unreachable: every member holds the world's commands (nothing is sent
 *     while the lost node's share is worked out; the node is not removed, so nothing reaches its
 *     shards' new homes before the re-sending);</li>
 * <li>the node is removed (the split-brain resolver downed it) and its shards move: wait until
 *     nothing moves (every member's counters the same for {@link #STABLE}), no node is unreachable
 *     and both coordinators answer;</li>
 * <li>read the world's journal: the steps not fed yet are told to the driver's world now (its
 *     counts and the load test's listener); what the recorded steps sent
 *     and no recorded step took, and the births no object recorded (as {@code Resume} works out
 *     for a stopped world), less what the members hold and the starts the driver's gate keeps, is
 *     what the lost node took with it;</li>
 * <li>re-send that, per channel in order, and wait until each re-sent message's step is persisted
 *     (so nothing held can overtake it on its channel), then let everything held go.</li>
 * </ol>
 * A re-sent message carries its number on its channel ({@link Command.Deliver#n}), as its original
 * does: the receiver takes whichever comes first and drops the other, so an original that was only
 * late (a shard region's buffer the counters cannot see) is taken once. A receiver numbers
 * each sender's messages from its own journal, so a re-sent message gets the number it would have
 * had, and the journal replays as if the messages had been slow. A step fed twice to the driver (told
 * from the journal here, then fed by its node) is taken once ({@link DriverWorld}).
 */
public final class Recovery {
    /** How long every member's counters must stay the same before the world counts as still. */
    static final Duration STABLE = Duration.ofSeconds(3);
    static final Duration ROUND = Duration.ofMillis(500);

    /** What a recovery did, for tests and benchmarks. */
    public record Done(String node, long unreachableAt, long removedAt, long resentAt, int resent, int births,
                       int unfed, long firstMovedStepAt, long firstMovedEpochMillis) {
        /** One line for a terminal. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "lost node %s: its shards moved; %d messages and %d births it "
                    + "took with it re-sent, %d steps not fed yet told from the journal; world still for %.1f s after it was removed; "
                    + "first step of a moved shard at %s", node, resent, births, unfed, (resentAt - removedAt) / 1e9,
                    java.time.Instant.ofEpochMilli(firstMovedEpochMillis));
        }
    }

    private final DriverWorld world;
    private final ClusterDriver driver;
    /** Acknowledged steps: per channel "receiver<sender", the channel numbers fed. */
    private final HashMap<String, BitSet> acked = new HashMap<>();
    private long ackedCount;
    /** Task starts that reached the driver (its gate decides on them). */
    private final Set<ActorId> startsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile long unreachableAt;
    /** Nodes removed during the recovery that runs now (with 3 nodes, at most 2: docs/CLUSTER.md). */
    private final Set<String> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Bumped by every node removed: a recovery that sees it move starts again from step 2 without them all. */
    private final java.util.concurrent.atomic.AtomicInteger losses = new java.util.concurrent.atomic.AtomicInteger();
    /** A recovery's thread runs (a second node removed joins it, and starts no thread of its own). */
    private boolean recovering;
    private final List<Done> done = new java.util.concurrent.CopyOnWriteArrayList<>();

    Recovery(DriverWorld world, ClusterDriver driver) {
        this.world = world;
        this.driver = driver;
    }

    /** Step {@code r} is acknowledged; false if it was already (fed twice after a lost node). */
    synchronized boolean acknowledged(StepRecord r) {
        String ch = r.receiver().key() + "<" + r.sender().key();
        BitSet b = acked.computeIfAbsent(ch, k -> new BitSet());
        int seq = (int) r.channelSeq();
        if (b.get(seq)) {
            return false;
        }
        b.set(seq);
        ackedCount++;
        return true;
    }

    synchronized boolean wasAcknowledged(StepRecord r) {
        BitSet b = acked.get(r.receiver().key() + "<" + r.sender().key());
        return b != null && b.get((int) r.channelSeq());
    }

    synchronized long acknowledgedCount() {
        return ackedCount;
    }

    /**
     * A task's start reached the driver; false if it had already (a task is started once: a start
     * a recovery re-sent through the gate, thinking it lost, may still arrive late).
     */
    boolean startSeen(ActorId task) {
        return startsSeen.add(task);
    }

    boolean running() {
        return running;
    }

    List<Done> done() {
        return List.copyOf(done);
    }

    /** Step 1: hold everything, on every member that answers. */
    synchronized void unreachable(String node) {
        if (running) {
            return;
        }
        running = true;
        unreachableAt = System.nanoTime();
        world.registry.pause();
        for (ActorRef<Wire> a : driver.agents()) {
            if (!a.path().address().hostPort().equals(node)) {
                a.tell(new Wire.Pause(world.name(), world.feedRef()));
            }
        }
    }

    /**
     * Steps 2 to 4, on a thread of their own (they wait). A node removed while a recovery runs
     * (a second node lost: with 3 nodes the split-brain resolver keeps the driver's side only if its
     * last node has the lower address, docs/CLUSTER.md) joins that recovery, which starts again from
     * step 2 without every lost node: the second node took with it what it had been sent, re-sent
     * messages too, and its shards must move before anything is re-sent to them.
     */
    void removed(String node) {
        if (!running) {
            unreachable(node);
        }
        long removedAt = System.nanoTime();
        synchronized (this) {
            lost.add(node);
            losses.incrementAndGet();
            if (recovering) {
                return;
            }
            recovering = true;
        }
        Thread t = new Thread(() -> {
            try {
                recover(removedAt);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Recovery.class).error("recovery of world {} after losing {} failed",
                        world.name(), lost, e);
                world.world.quiet().completeExceptionally(new IllegalStateException("recovery after losing node "
                        + String.join(" and ", lost) + " failed: " + e.getMessage(), e));
            }
        }, "bpflife-recovery-" + world.name());
        t.setDaemon(true);
        t.start();
    }

    /** The nodes' agents but the lost ones'. */
    private List<ActorRef<Wire>> survivors() {
        return driver.agents().stream().filter(a -> !lost.contains(a.path().address().hostPort())).toList();
    }

    private void recover(long removedAt) {
        ActorSystem<?> system = driver.store.system();
        while (true) {
            int seen = losses.get();
            Settled settled = still(system);
            if (losses.get() == seen && resend(system, plan(driver.store, settled), removedAt, seen)) {
                return;
            }
            // another node was lost meanwhile: settle again without it, and work out what it took too
        }
    }

    /** Steps 3 and 4; false if another node was lost before every re-sent message was taken. */
    private boolean resend(ActorSystem<?> system, Plan plan, long removedAt, int seen) {
        List<ActorRef<Wire>> agents = survivors();
        // what the lost node persisted and never fed: told to the driver's world as if fed
        // through the feed, in order with what the nodes fed (the feed tells a step after its object's birth)
        if (!plan.unfed().isEmpty()) {
            world.feedRef().tell(new Wire.Steps(world.name(), "journal", plan.unfed()));
        }
        long resentAt = System.nanoTime();
        CompletableFuture<Long> first = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicLong firstEpoch = new java.util.concurrent.atomic.AtomicLong(
                System.currentTimeMillis());
        List<CompletableFuture<StepRecord>> acks = new ArrayList<>();
        // births held anywhere go first: a re-sent message may be for an object whose birth is held
        world.registry.releaseBirths();
        for (ActorRef<Wire> a : agents) {
            a.tell(new Wire.ReleaseBirths(world.name()));
        }
        for (int i = 0; i < plan.births().size(); i++) {
            world.registry.sendNow(plan.bornTo().get(i), plan.births().get(i));
        }
        Duration timeout = driver.store.settings().timeout();
        for (int i = 0; i < plan.messages().size(); i++) {
            ActorId to = plan.to().get(i);
            ActorId from = plan.from().get(i);
            Msg m = plan.messages().get(i);
            long n = plan.numbers().get(i);
            org.apache.pekko.actor.typed.RecipientRef<Command> ref = world.registry.ref(to);
            acks.add(AskPattern.<Command, StepRecord>ask(ref, r -> new Command.Deliver(from, m, r, n), timeout,
                            system.scheduler())
                    .whenComplete((r, e) -> {
                        if (first.complete(System.nanoTime())) {
                            firstEpoch.set(System.currentTimeMillis());
                        }
                    })
                    .toCompletableFuture());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // in slices: a node lost now may have taken re-sent messages with it
            while (true) {
                try {
                    all.get(ROUND.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException slice) {
                    if (losses.get() != seen) {
                        return false;
                    }
                    if (System.nanoTime() > deadline) {
                        throw slice;
                    }
                }
            }
        } catch (Exception e) {
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < acks.size() && waiting.size() < 5; i++) {
                if (!acks.get(i).isDone()) {
                    waiting.add(plan.from().get(i) + " -> " + plan.to().get(i) + ": " + plan.messages().get(i));
                }
            }
            throw new IllegalStateException("the re-sent messages were not all taken within " + timeout.toSeconds()
                    + " s (" + plan.messages().size() + " re-sent, " + plan.births().size() + " births; waiting: "
                    + waiting + ")", e);
        }
        long firstAt = plan.messages().isEmpty() ? System.nanoTime() : first.getNow(System.nanoTime());
        synchronized (this) {
            if (losses.get() != seen) {
                return false; // lost another node as the last re-sent message was taken: its share is worked out again
            }
            world.registry.unpause();
            for (ActorRef<Wire> a : agents) {
                a.tell(new Wire.Unpause(world.name()));
            }
            Done d = new Done(String.join(" and ", new java.util.TreeSet<>(lost)), unreachableAt, removedAt, resentAt,
                    plan.messages().size(), plan.births().size(), plan.unfed().size(), firstAt, firstEpoch.get());
            done.add(d);
            lost.clear();
            recovering = false;
            running = false;
            driver.recovered(d);
        }
        return true;
    }

    /** What the members hold per channel once the world is still, and what the driver had told then. */
    private record Settled(Map<String, Long> held, ShardedRegistry.Told told) {}

    /**
     * Step 2: waits until every member's counters (and what it holds) stay the same for
     * {@link #STABLE}, no node is unreachable and both coordinators answer; returns what the members
     * hold per channel, with what the driver had told read at the same instant as what it holds.
     * Numbered messages make a late original harmless, but this wait stays: re-sent at once after the
     * removal (session 8, h16d), a re-sent message was sometimes never answered (2 of 17 recoveries: the
     * ask to a moved entity timed out after 120 s), most likely routed by the driver's own shard
     * region to the removed node's region before that region learned it was gone.
     */
    private Settled still(ActorSystem<?> system) {
        long deadline = System.nanoTime() + driver.store.settings().timeout().toNanos();
        List<Wire> last = null;
        long sameSince = System.nanoTime();
        int seen = losses.get();
        while (System.nanoTime() < deadline) {
            if (losses.get() != seen) {
                return new Settled(Map.of(), world.registry.snapshot()); // another node removed: the caller starts again
            }
            List<ActorRef<Wire>> agents = survivors();
            List<CompletableFuture<Wire>> asks = new ArrayList<>();
            for (ActorRef<Wire> a : agents) {
                asks.add(AskPattern.<Wire, Wire>ask(a, r -> new Wire.Count(world.name(), r), Duration.ofSeconds(2),
                        system.scheduler()).toCompletableFuture());
                asks.add(AskPattern.<Wire, Wire>ask(a, r -> new Wire.Pause(world.name(), r), Duration.ofSeconds(2),
                        system.scheduler()).toCompletableFuture());
            }
            List<Wire> round = new ArrayList<>();
            try {
                CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
                for (CompletableFuture<Wire> a : asks) {
                    round.add(a.join());
                }
            } catch (Exception e) {
                round = null;
            }
            long fedOut = 0;
            List<String> answered = new ArrayList<>();
            if (round != null) {
                for (Wire w : round) {
                    if (w instanceof Wire.Counts c) {
                        fedOut += c.fed();
                        answered.add(c.node());
                    }
                }
            }
            // not while a node is unreachable (its shards cannot move, and the coordinator's majority
            // writes may wait for it), nor while a coordinator does not answer (a lost node ran it: new
            // shards get no home, and what is told to them waits in a region, where no counter sees it)
            boolean same = round != null && round.equals(last) && fedOut == world.fedFrom(answered)
                    && driver.lost.none() && coordinatorsAnswer(system);
            if (!same) {
                sameSince = System.nanoTime();
                last = round;
            } else if (System.nanoTime() - sameSince >= STABLE.toNanos()) {
                ShardedRegistry.Told told = world.registry.snapshot();
                Map<String, Long> held = new LinkedHashMap<>(told.held());
                for (Wire w : round) {
                    if (w instanceof Wire.Paused p) {
                        p.held().forEach((k, v) -> held.merge(k, v, Long::sum));
                    }
                }
                return new Settled(held, told);
            }
            try {
                Thread.sleep(ROUND.toMillis()); // a recovery's own pace: the members are asked twice a second
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the world did not become still within "
                + driver.store.settings().timeout().toSeconds() + " s after losing a node");
    }

    /**
     * Whether both entity types' shard coordinators answer this driver's proxies, naming at least one
     * region: {@code GetCurrentRegions}, which a coordinator answers from its own state (a region
     * that knows no coordinator answers an empty set; one whose coordinator is gone, nothing).
     */
    private static boolean coordinatorsAnswer(ActorSystem<?> system) {
        var sharding = org.apache.pekko.cluster.sharding.ClusterSharding.get(
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system));
        for (var key : List.of(Shards.TASKS, Shards.OBJECTS)) {
            try {
                Object r = org.apache.pekko.pattern.Patterns.ask(sharding.shardRegion(key.name()),
                                org.apache.pekko.cluster.sharding.ShardRegion.getCurrentRegionsInstance(), Duration.ofSeconds(2))
                        .toCompletableFuture().get(3, TimeUnit.SECONDS);
                if (!(r instanceof org.apache.pekko.cluster.sharding.ShardRegion.CurrentRegions c)
                        || c.getRegions().isEmpty()) {
                    return false;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return true;
    }

    /**
     * What to re-send: births, then messages in the journal's order per channel, each with its number
     * on its channel; and the steps not fed yet (the lost node's, and a survivor's still on its way).
     */
    record Plan(List<Command.Born> births, List<ActorId> bornTo, List<Msg> messages, List<ActorId> from,
                List<ActorId> to, List<Long> numbers, List<StepRecord> unfed) {}

    private record Ch(ActorId from, ActorId to) {}

    /** Step 3: reads the journal. */
    private Plan plan(Store store, Settled settled) {
        Map<String, Long> held = settled.held();
        ShardedRegistry.Told told = settled.told();
        LinkedHashMap<Ch, List<Msg>> sent = new LinkedHashMap<>();
        Map<Ch, Long> delivered = new HashMap<>();
        LinkedHashMap<ActorId, Event> spawned = new LinkedHashMap<>();
        Set<ActorId> bornIds = new HashSet<>();
        List<StepRecord> unfed = new ArrayList<>();
        try (WorldStream ws = WorldStream.open(store, world.name())) {
            while (ws.hasNext()) {
                switch (ws.next()) {
                    case WorldStream.Born b -> bornIds.add(b.id());
                    case WorldStream.Step s -> {
                        StepRecord r = s.record();
                        if (!wasAcknowledged(r)) {
                            unfed.add(r);
                        }
                        delivered.put(new Ch(r.sender(), r.receiver()), r.channelSeq());
                        for (StepRecord.Spawn sp : r.spawned()) {
                            spawned.put(sp.id(), sp.born());
                        }
                        for (StepRecord.Envelope e : r.sent()) {
                            sent.computeIfAbsent(new Ch(r.receiver(), e.to()), k -> new ArrayList<>()).add(e.msg());
                        }
                    }
                    case WorldStream.Created c -> { }
                    case WorldStream.Ended e -> { }
                }
            }
        }
        // the world's own first message (setup's start) is sent by the driver, not by a recorded step:
        // lost with the node that hosted setup before setup took it, nothing else would say it was sent
        if (told.started().contains(Boot.firstTask())) {
            sent.putFirst(new Ch(ActorId.WORLD, Boot.firstTask()), List.of(Boot.start()));
        }
        List<Command.Born> births = new ArrayList<>();
        List<ActorId> bornTo = new ArrayList<>();
        Set<ActorId> boot = new HashSet<>(Boot.bootTasks(world.world.env().scenario()));
        for (ActorId t : boot) {
            // a boot task is born by the driver: re-sent only if the driver told its birth (and it was lost)
            if (!bornIds.contains(t) && told.born().contains(t) && !held.containsKey("born>" + t.key())) {
                births.add(new Command.Born(Boot.birth((ActorId.TaskId) t)));
                bornTo.add(t);
            }
        }
        spawned.forEach((id, e) -> {
            if (!bornIds.contains(id) && !held.containsKey("born>" + id.key())) {
                births.add(new Command.Born(e));
                bornTo.add(id);
            }
        });
        List<Msg> messages = new ArrayList<>();
        List<ActorId> from = new ArrayList<>();
        List<ActorId> to = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        sent.forEach((ch, msgs) -> {
            long done = delivered.getOrDefault(ch, 0L);
            long kept = held.getOrDefault(ch.from().key() + ">" + ch.to().key(), 0L);
            for (int i = (int) done; i < msgs.size() - kept; i++) {
                Msg m = msgs.get(i);
                // a start an object sent went through the driver's gate; the world's own (setup's) did not
                boolean gated = m instanceof Msg.Start && !ch.from().equals(ActorId.WORLD);
                if (gated && startsSeen.contains(ch.to()) && !told.started().contains(ch.to())) {
                    continue; // the driver's start gate keeps it: it goes when the driver lets it
                }
                if (gated && !startsSeen.contains(ch.to())) {
                    // lost on its way to the driver's gate: it goes through the gate now
                    startsSeen.add(ch.to());
                    world.world.tell(ch.to(), new Command.Deliver(ch.from(), m, i + 1));
                    continue;
                }
                messages.add(m);
                from.add(ch.from());
                to.add(ch.to());
                numbers.add(i + 1L); // the channel's (i+1)-th message: the receiver drops it if it took it already
            }
        });
        return new Plan(births, bornTo, messages, from, to, numbers, unfed);
    }
}
