package bpflife.cluster;

import bpflife.actors.Command;
import bpflife.actors.LiveWorld;
import bpflife.actors.Registry;
import bpflife.actors.StateSource;
import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * A world's registry across the cluster: every object an entity of {@link Shards}, reached by its
 * entity id wherever it runs. Counts what it tells (the driver's quiescence check sums every
 * node's counts), and can hold everything told while the driver recovers from a lost node
 * ({@link #pause}, {@link #unpause}): held commands go out in the order they were told.
 */
final class ShardedRegistry implements Registry, StateSource {
    private record Held(ActorId to, Object command) {}

    private final Shards shards;
    private final LiveWorld world;
    private final AtomicLong told = new AtomicLong();
    private final LinkedHashSet<ActorId> known = new LinkedHashSet<>();
    /** Objects this registry told a birth, tasks it told a start (a recovery re-sends only what was told). */
    private final java.util.HashSet<ActorId> born = new java.util.HashSet<>();
    private final java.util.HashSet<ActorId> started = new java.util.HashSet<>();
    private final Runnable onStopAll;
    private final Supplier<CompletionStage<SequencedMap<ActorId, ObjectState>>> states;
    /**
     * A node's: passivates a gone object's entity through its shard. Null on a driver, which hosts
     * no object; only a driver keeps {@link #known}, {@link #born} and {@link #started} (its
     * recovery reads them), so a node keeps nothing per object it told.
     */
    private final java.util.function.Consumer<ActorId> passivator;
    private volatile boolean paused;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    /** A driver's registry. */
    ShardedRegistry(Shards shards, LiveWorld world, Runnable onStopAll,
                    Supplier<CompletionStage<SequencedMap<ActorId, ObjectState>>> states) {
        this(shards, world, onStopAll, states, null);
    }

    /** A node's registry when {@code passivator} is given ({@link #passivate}). */
    ShardedRegistry(Shards shards, LiveWorld world, Runnable onStopAll,
                    Supplier<CompletionStage<SequencedMap<ActorId, ObjectState>>> states,
                    java.util.function.Consumer<ActorId> passivator) {
        this.shards = shards;
        this.world = world;
        this.onStopAll = onStopAll;
        this.states = states;
        this.passivator = passivator;
    }

    @Override
    public void tell(ActorId id, Command c) {
        send(id, c);
    }

    /** A recovery re-sends messages a lost node took with it; numbered, a receiver takes each once. */
    @Override
    public boolean numbersMessages() {
        return true;
    }

    /** Also for {@link bpflife.cluster.Wire.Close}, which is not a model command. */
    void send(ActorId id, Object c) {
        told.incrementAndGet();
        boolean track = passivator == null && (c instanceof Command.Born || c instanceof Command.Deliver);
        if (track || paused) {
            // one lock for what was told and what is held: a recovery reads both at one instant ({@link #snapshot})
            synchronized (held) {
                if (track) {
                    known.add(id);
                    if (c instanceof Command.Born) {
                        born.add(id);
                    } else if (((Command.Deliver) c).msg() instanceof bpflife.protocol.Msg.Start) {
                        started.add(id);
                    }
                }
                if (paused) {
                    held.add(new Held(id, c));
                    return;
                }
            }
        }
        shards.region(id).tell(new ShardingEnvelope<>(Registry.entityId(world.name(), id), c));
    }

    /**
     * What this (driver's) registry had told and what it holds, read at one instant. A recovery
     * plans from it: the driver's start gate may tell a task's birth and start at any time, held
     * while paused, and a start seen as told but not as held would be re-sent and then go a second
     * time with the held commands (seen in session 7: task:setup -> task:rm_p2_21 took its Start twice).
     */
    record Told(Map<String, Long> held, java.util.Set<ActorId> born, java.util.Set<ActorId> started) {}

    Told snapshot() {
        synchronized (held) {
            return new Told(heldPerChannel(), java.util.Set.copyOf(born), java.util.Set.copyOf(started));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public RecipientRef<Command> ref(ActorId id) {
        RecipientRef<?> r = shards.sharding.entityRefFor(shards.key(id), Registry.entityId(world.name(), id));
        return (RecipientRef<Command>) r;
    }

    @Override
    public List<ActorId> known() {
        synchronized (held) {
            return List.copyOf(known);
        }
    }

    /**
     * A gone object (called by its own entity, between two steps, on the node that hosts it):
     * passivated through its shard, which buffers what is told to it meanwhile and hands that to a
     * new incarnation (recovered from the journal) once it has stopped; a remembered task is
     * forgotten, so a later move of its shard does not start it again. Nothing on a driver.
     */
    @Override
    public void passivate(ActorId id) {
        if (passivator != null) {
            passivator.accept(id);
        }
    }

    @Override
    public void stopAll() {
        onStopAll.run();
    }

    @Override
    public CompletionStage<SequencedMap<ActorId, ObjectState>> states() {
        return states.get();
    }

    boolean toldBirth(ActorId id) {
        synchronized (held) {
            return born.contains(id);
        }
    }

    boolean toldStart(ActorId id) {
        synchronized (held) {
            return started.contains(id);
        }
    }

    /** Sends now, held or not (a recovery's re-sent commands, which go before everything held). */
    void sendNow(ActorId id, Command c) {
        told.incrementAndGet();
        shards.region(id).tell(new ShardingEnvelope<>(Registry.entityId(world.name(), id), c));
    }

    long told() {
        return told.get();
    }

    /** From now on commands told are held here, in order. */
    void pause() {
        synchronized (held) {
            paused = true;
        }
    }

    /** The held commands per channel ("sender>receiver" for a message, "born>id" for a birth). */
    Map<String, Long> heldPerChannel() {
        Map<String, Long> m = new LinkedHashMap<>();
        synchronized (held) {
            for (Held h : held) {
                String ch = h.command() instanceof Command.Deliver d ? d.sender().key() + ">" + h.to().key()
                        : "born>" + h.to().key();
                m.merge(ch, 1L, Long::sum);
            }
        }
        return m;
    }

    long heldCount() {
        synchronized (held) {
            return held.size();
        }
    }

    /**
     * Sends the births held now, keeping the rest held in order: a birth overtakes nothing (an
     * object takes nothing before it), and a recovery's re-sent messages may be for objects whose
     * birth is held here.
     */
    void releaseBirths() {
        synchronized (held) {
            for (java.util.Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.command() instanceof Command.Born) {
                    shards.region(h.to()).tell(new ShardingEnvelope<>(Registry.entityId(world.name(), h.to()),
                            h.command()));
                    it.remove();
                }
            }
        }
    }

    /** Sends what was held, in order, then lets commands through. */
    void unpause() {
        synchronized (held) {
            for (Held h : held) {
                shards.region(h.to()).tell(new ShardingEnvelope<>(Registry.entityId(world.name(), h.to()),
                        h.command()));
            }
            held.clear();
            paused = false;
        }
    }
}
