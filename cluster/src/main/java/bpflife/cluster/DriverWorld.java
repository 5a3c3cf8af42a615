package bpflife.cluster;

import bpflife.actors.Command;
import bpflife.actors.LiveWorld;
import bpflife.actors.RemoteSteps;
import bpflife.model.ObjectState;
import bpflife.persistence.Store;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A world driven from this JVM whose objects run on the cluster's nodes: opens it on every node,
 * takes the steps the nodes feed (told to the driver's {@link LiveWorld} as if taken here, so the
 * load test's listener and counts work unchanged), passes task starts through the driver's start
 * gate, and says when the world is quiet: the nodes' counters summed, twice the same.
 */
final class DriverWorld {
    /** How often the driver asks the nodes' counters while it waits for the world to be quiet. */
    static final Duration COUNT_EVERY = Duration.ofMillis(200);

    final LiveWorld world;
    final ShardedRegistry registry;
    private final ClusterDriver driver;
    private final ActorSystem<?> system;
    private final Store store;
    private final ActorRef<Wire> feed;
    private final AtomicLong fedIn = new AtomicLong();
    /** Steps received per node: a lost node's feed is not compared with the survivors' counts. */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> fedFrom = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<Wire.Counts> lastRound;
    private volatile long lastDriverTold = -1;
    private volatile long lastDriverInFlight;
    private volatile long lastFedIn;
    private volatile long sameSince = System.nanoTime();
    private volatile boolean closed;
    private final Cancellable monitor;
    /** Set once a node was lost: the counters of the lost node are gone, so quiet is "nothing moves". */
    volatile boolean lostNode;
    final Recovery recovery;

    DriverWorld(ClusterDriver driver, LiveWorld world) {
        this.driver = driver;
        this.system = driver.store.system();
        this.store = driver.store;
        this.world = world;
        this.registry = new ShardedRegistry(driver.shards, world, this::close, this::states);
        String n = URLEncoder.encode(world.name(), StandardCharsets.UTF_8);
        this.feed = system.systemActorOf(feed(), "bpflife-feed-" + n + "-" + System.nanoTime(), Props.empty());
        this.recovery = new Recovery(this, driver);
        open(driver.agents());
        this.monitor = system.scheduler().scheduleWithFixedDelay(COUNT_EVERY, COUNT_EVERY, this::round,
                system.executionContext());
    }

    String name() {
        return world.name();
    }

    long fedIn() {
        return fedIn.get();
    }

    /** Steps received from {@code nodes}. */
    long fedFrom(java.util.Collection<String> nodes) {
        long n = 0;
        for (String node : nodes) {
            n += fedFrom.getOrDefault(node, 0L);
        }
        return n;
    }

    ActorRef<Wire> feedRef() {
        return feed;
    }

    private Behavior<Wire> feed() {
        return Behaviors.receive(Wire.class)
                .onMessage(Wire.Steps.class, s -> {
                    fed(s.node(), s.records());
                    return Behaviors.same();
                })
                .onMessage(Wire.Fed.class, f -> {
                    List<StepRecord> rs = joiner.take(f);
                    if (!rs.isEmpty()) {
                        fed(f.node(), rs);
                    }
                    return Behaviors.same();
                })
                .onMessage(Wire.Close.class, c -> {
                    unpark();
                    world.quiet().complete(world.steps());
                    return Behaviors.same();
                })
                .onMessage(Wire.Started.class, s -> {
                    if (recovery.startSeen(s.task())) {
                        // through the driver's gate (the load test's deferred starts), counted in flight here
                        world.tell(s.task(), new Command.Deliver(s.sender(), s.start(), s.n()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Steps fed by {@code node} (the journal's, for a lost node's steps told at its recovery). After
     * a lost node a step can come twice: a recovery reads the journal without waiting for the world
     * to be still, so it tells the steps no node fed yet, and their node may feed them after (or a
     * recovery that started again tells them again): each is told to the world once.
     */
    private void fed(String node, List<StepRecord> records) {
        for (StepRecord r : records) {
            inOrder(r);
        }
        fedIn.addAndGet(records.size());
        fedFrom.merge(node, (long) records.size(), Long::sum);
    }

    /** Joins the parts of steps too large for one message (the feed actor's alone). */
    private final FeedFrames.Joiner joiner = new FeedFrames.Joiner();

    /** Objects whose birth the driver has heard of (a fed step spawned them). */
    private final java.util.HashSet<ActorId> spawned = new java.util.HashSet<>();
    /** Steps of objects whose spawning step has not reached the driver yet, in arrival order. */
    private final java.util.LinkedHashMap<ActorId, List<StepRecord>> parked = new java.util.LinkedHashMap<>();

    /**
     * Tells the driver's world a fed step, after the step that spawned its object: nodes feed
     * independently (and a lost node's steps come from the journal at its recovery), and the load
     * test's listener must hear of a session's birth before its reads.
     */
    private void inOrder(StepRecord r) {
        ActorId id = r.receiver();
        if (!(id instanceof ActorId.ServiceId) && !spawned.contains(id) && !registry.toldBirth(id)) {
            parked.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
            return;
        }
        if (!recovery.acknowledged(r)) {
            return; // told already (fed twice after a lost node: see fed)
        }
        RemoteSteps.stepped(world, id, r);
        for (StepRecord.Spawn sp : r.spawned()) {
            spawned.add(sp.id());
            List<StepRecord> waiting = parked.remove(sp.id());
            if (waiting != null) {
                waiting.forEach(this::inOrder);
            }
        }
    }

    /** Steps still parked (their spawning step never came): told as they are, at the end. */
    private void unpark() {
        List<StepRecord> rest = new ArrayList<>();
        parked.values().forEach(rest::addAll);
        parked.clear();
        for (StepRecord r : rest) {
            if (recovery.acknowledged(r)) {
                RemoteSteps.stepped(world, r.receiver(), r);
            }
        }
    }

    /** Opens the world on {@code agents} and waits for each to say so. */
    void open(List<ActorRef<Wire>> agents) {
        Duration t = store.settings().timeout();
        List<CompletableFuture<Wire>> acks = new ArrayList<>();
        for (ActorRef<Wire> a : agents) {
            acks.add(AskPattern.<Wire, Wire>ask(a, r -> new Wire.OpenWorld(world.name(), feed, r), t,
                    system.scheduler()).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(t.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("opening world " + world.name() + " on " + agents.size()
                    + " nodes: " + e, e);
        }
    }

    /** One round of the quiescence check: every node's counters, compared with the last round's. */
    private void round() {
        if (closed || world.quiet().isDone() || registry.told() == 0 || recovery.running()) {
            return;
        }
        List<ActorRef<Wire>> agents = driver.agents();
        Duration t = Duration.ofSeconds(2);
        List<CompletableFuture<Wire>> asks = new ArrayList<>();
        for (ActorRef<Wire> a : agents) {
            asks.add(AskPattern.<Wire, Wire>ask(a, r -> new Wire.Count(world.name(), r), t, system.scheduler())
                    .toCompletableFuture());
        }
        long driverTold = registry.told();
        long driverInFlight = world.inFlight();
        long fedAll = fedIn.get();
        CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, err) -> {
            if (err != null) {
                lastRound = null; // a node did not answer (lost?): start again
                return;
            }
            List<Wire.Counts> round = new ArrayList<>();
            for (CompletableFuture<Wire> a : asks) {
                round.add((Wire.Counts) a.join());
            }
            round.sort(java.util.Comparator.comparing(Wire.Counts::node));
            long fed = fedFrom(round.stream().map(Wire.Counts::node).toList());
            boolean same = round.equals(lastRound) && driverTold == lastDriverTold
                    && driverInFlight == lastDriverInFlight && fedAll == lastFedIn;
            if (!same) {
                sameSince = System.nanoTime();
            }
            lastRound = round;
            lastDriverTold = driverTold;
            lastDriverInFlight = driverInFlight;
            lastFedIn = fedAll;
            long net = driverInFlight;
            long fedOut = 0;
            long held = registry.heldCount();
            for (Wire.Counts c : round) {
                net += c.inFlight();
                fedOut += c.fed();
                held += c.held();
            }
            // after a lost node its counts are gone and the sum means nothing: then quiet is nothing
            // moving anywhere for Recovery.STABLE (a whole world pausing that long while busy is not
            // seen even on a machine loaded twenty times over)
            boolean still = net == 0 || lostNode && System.nanoTime() - sameSince >= Recovery.STABLE.toNanos();
            if (same && fedOut == fed && held == 0 && still) {
                feed.tell(new Wire.Close()); // the feed actor tells what is parked, then says quiet
            }
        }, system.executionContext());
    }

    /** A node is unreachable: everything is held until it is removed and the world recovered. */
    void nodeUnreachable(String node) {
        lostNode = true;
        recovery.unreachable(node);
    }

    /** The node is out of the cluster: its shards move; recover what it took with it. */
    void nodeRemoved(String node) {
        lostNode = true;
        recovery.removed(node);
    }

    private CompletionStage<SequencedMap<ActorId, ObjectState>> states() {
        return CompletableFuture.supplyAsync(() -> JournalStates.read(store, world.name()));
    }

    /** The world is over: its objects on every node are passivated, its context dropped. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.cancel();
        for (ActorRef<Wire> a : driver.agents()) {
            a.tell(new Wire.CloseWorld(world.name()));
        }
        driver.forget(this);
    }
}
