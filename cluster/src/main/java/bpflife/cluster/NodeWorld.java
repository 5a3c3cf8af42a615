package bpflife.cluster;

import bpflife.actors.Command;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.model.Env;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Store;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import bpflife.persistence.WorldStream;

/**
 * One world's context on a node: a {@link LiveWorld} of its own (the scenario and semantics read
 * from the world's journal, the objects' sends through the cluster), whose steps are fed to the
 * driver in the order they were persisted here, and whose task starts go to the driver's start gate.
 */
final class NodeWorld {
    /** Steps per message to the driver at most. */
    private static final int BATCH = 512;

    final String name;
    /** This node's address, which the driver counts its feed by. */
    private final String node;
    private final CompletableFuture<ActorRef<Wire>> driver = new CompletableFuture<>();
    private final Store store;
    private final Shards shards;
    private CompletableFuture<LiveWorld> ready;
    private final ConcurrentLinkedQueue<StepRecord> feed = new ConcurrentLinkedQueue<>();
    private final AtomicLong fed = new AtomicLong();
    private final Object feeding = new Object();
    /** Payload bytes per message to the driver ({@link FeedFrames#limit}). */
    private final int frame;
    private volatile ShardedRegistry registry;
    /** A recovery holds this world's commands here. */
    private boolean paused;
    /** An object's entity here and its shard (which passivates it). */
    private record Entity(ActorRef<Object> ref, ActorRef<org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand> shard) {}

    /** The objects of this world that run here now: an entry from its start until its entity stops. */
    private final java.util.concurrent.ConcurrentHashMap<ActorId, Entity> entities =
            new java.util.concurrent.ConcurrentHashMap<>();

    NodeWorld(String name, String node, Store store, Shards shards) {
        this.name = name;
        this.node = node;
        this.store = store;
        this.shards = shards;
        this.frame = FeedFrames.limit(store.system().settings().config());
    }

    /**
     * The world's context here, made when its first object starts (the world exists by then: the
     * driver opens it on the nodes before recording it); a failed read is tried again next time.
     */
    synchronized CompletableFuture<LiveWorld> ready() {
        if (ready == null || ready.isCompletedExceptionally()) {
            ready = meta(store, name).thenApply(m -> LiveWorlds.env(m, null)).toCompletableFuture()
                    .thenCombine(driver, this::make);
        }
        return ready;
    }

    private LiveWorld make(Env e, ActorRef<Wire> d) {
        LiveWorld w = new LiveWorld(name, e, lw -> {
            ShardedRegistry r = new ShardedRegistry(shards, lw, () -> { },
                    () -> CompletableFuture.failedFuture(new IllegalStateException("states are read by the driver")),
                    this::passivate);
            synchronized (this) {
                if (paused) {
                    r.pause(); // a recovery started before this node had the world's context
                }
                registry = r;
            }
            return r;
        });
        // a gone object that holds nothing is only counted here, as on one JVM (the driver's checks
        // read every state from the journal): a node keeps a summary only of gone tasks and listed objects
        w.countGone();
        w.listener((id, r) -> feed.add(r));
        // a task's start goes through the driver's gate, as on one JVM (the load test defers starts)
        w.gate((task, start) -> {
            // the world asks its gate about a task's Start only, always a Deliver
            Command.Deliver s = (Command.Deliver) start;
            d.tell(new Wire.Started(name, task, s.sender(), s.msg(), s.n()));
            return true;
        });
        return w;
    }

    /** The world's creation, read from the journal (its first entry), off the actors' threads. */
    private static java.util.concurrent.CompletionStage<WorldCreated> meta(Store store, String world) {
        return CompletableFuture.supplyAsync(() -> {
            try (WorldStream ws = WorldStream.open(store, world)) {
                return ws.meta();
            }
        }, READER);
    }

    /** One thread reads the worlds' creations (a blocking JDBC query each, once per world and node). */
    private static final java.util.concurrent.Executor READER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bpflife-node-world-reader");
        t.setDaemon(true);
        return t;
    });

    /** Whether the driver that opened this world is the member at {@code address} ("bpflife@host:port"). */
    boolean drivenBy(String address) {
        ActorRef<Wire> d = driver.getNow(null);
        return d != null && d.path().address().hostPort().equals(address);
    }

    /** Steps persisted here (0 before the world's context is made). */
    long steps() {
        LiveWorld w = current();
        return w == null ? 0 : w.steps();
    }

    void open(ActorRef<Wire> d) {
        driver.complete(d);
    }

    /**
     * Sends the steps persisted since the last call to the driver. One flush at a time (the feed's
     * timer and the agent both flush): two taking turns could send a later batch first.
     */
    void flush() {
        ActorRef<Wire> d = driver.getNow(null);
        if (d == null || feed.isEmpty()) {
            return;
        }
        synchronized (feeding) {
            List<StepRecord> batch = new ArrayList<>();
            for (StepRecord r; (r = feed.poll()) != null; ) {
                batch.add(r);
                if (batch.size() == BATCH) {
                    send(d, batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                send(d, batch);
            }
        }
    }

    private void send(ActorRef<Wire> d, List<StepRecord> batch) {
        fed.addAndGet(batch.size());
        for (Wire.Fed f : FeedFrames.cut(name, node, batch, frame)) {
            d.tell(f);
        }
    }

    Wire.Counts counts(String node) {
        flush();
        LiveWorld w = current();
        ShardedRegistry r = registry;
        return new Wire.Counts(name, node, r == null ? 0 : r.told(), w == null ? 0 : w.inFlight(),
                w == null ? 0 : w.steps(), fed.get(), r == null ? 0 : r.heldCount());
    }

    private synchronized LiveWorld current() {
        return ready == null ? null : ready.getNow(null);
    }

    /** Holds every command of the world told here from now on; what is held, per channel. */
    synchronized java.util.Map<String, Long> pause() {
        paused = true;
        if (registry == null) {
            return java.util.Map.of();
        }
        registry.pause();
        return registry.heldPerChannel();
    }

    synchronized void releaseBirths() {
        if (registry != null) {
            registry.releaseBirths();
        }
    }

    synchronized void unpause() {
        paused = false;
        if (registry != null) {
            registry.unpause();
        }
    }

    ShardedRegistry registry() {
        return registry;
    }

    /** An object of this world started here (its entity and shard: to passivate it when it is gone, or the world closes). */
    void started(ActorId id, ActorRef<Object> entity,
                 ActorRef<org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.ShardCommand> shard) {
        entities.put(id, new Entity(entity, shard));
    }

    /** The entity of {@code id} has stopped here (its last incarnation's: a new one starts only after). */
    void stopped(ActorId id, ActorRef<Object> entity) {
        Entity e = entities.get(id);
        if (e != null && e.ref().equals(entity)) {
            entities.remove(id, e);
        }
    }

    /** Object {@code id} is gone: its shard stops it (and forgets it, if remembered). */
    private void passivate(ActorId id) {
        Entity e = entities.get(id);
        if (e != null) {
            e.shard().tell(new org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.Passivate<>(e.ref()));
        }
    }

    /** The world is over: it is closing (objects stopping is not a failure), its objects here passivated. */
    void close() {
        LiveWorld w = current();
        if (w != null) {
            w.closing();
        }
        for (Entity e : entities.values()) {
            e.ref().tell(new Wire.Close());
        }
        entities.clear();
    }
}
