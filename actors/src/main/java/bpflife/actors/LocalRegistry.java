package bpflife.actors;

import bpflife.protocol.ActorId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The registry on one node: a map from id to actor ref, each actor made on first use (a top-level
 * actor named after {@link Registry#entityId}), and stopped again once its object is gone
 * ({@link #passivate}), so that a long run keeps the actors of the objects alive now, not of every
 * object it ever made.
 *
 * <p>Passivation loses no message: every tell goes through the id's map entry under its lock, so
 * the actor's {@link Command.Passivate} is behind every message told to it before and nothing is
 * told to it after; what is told while it stops is held in the entry and handed, in order, to a new
 * actor made once the old one has stopped (after its last write), which recovers from the journal.
 */
public final class LocalRegistry implements Registry {
    /** How long {@link #ref} waits for a passivating actor to stop. */
    private static final long STOP_WAIT_SECONDS = 30;

    /** An id's actor; {@code held} is non-null from {@link #passivate} until the actor has stopped. */
    private static final class Entry {
        final ActorRef<Command> ref;
        /** Changed, and its contents, only under the map's lock for the id. */
        volatile List<Command> held;
        final CompletableFuture<Void> stopped = new CompletableFuture<>();

        Entry(ActorRef<Command> ref) {
            this.ref = ref;
        }
    }

    private final ActorSystem<?> system;
    private final LiveWorld world;
    private final ConcurrentHashMap<ActorId, Entry> entries = new ConcurrentHashMap<>();
    /** Every id made, in order, less the gone ones only counted ({@link #forget}). */
    private final java.util.LinkedHashSet<ActorId> order = new java.util.LinkedHashSet<>();
    /** How many ids were forgotten: {@link #forgotten} is asked only when there are some. */
    private final AtomicLong forgottenCount = new AtomicLong();
    /** Numbers the actors made again after a passivation (an actor's name is taken until its parent sees it stop). */
    private final AtomicLong again = new AtomicLong();
    /** Set for a world whose creation this run recorded: its objects' first actors recover nothing ({@link NewEntities}). */
    private final NewEntities fresh;

    private LocalRegistry(ActorSystem<?> system, LiveWorld world, boolean newWorld) {
        this.system = system;
        this.world = world;
        this.fresh = newWorld ? NewEntities.of(system) : null;
    }

    /** For {@link LiveWorld}'s constructor: {@code new LiveWorld(name, env, LocalRegistry.on(system))}. */
    public static java.util.function.Function<LiveWorld, Registry> on(ActorSystem<?> system) {
        return w -> new LocalRegistry(system, w, false);
    }

    /**
     * As {@link #on}, for a world whose {@code WorldCreated} this run has just recorded (a name is
     * taken by one run only, so the journal holds nothing of its objects): an object's first actor
     * skips the journal query of its recovery. Never for a resumed world.
     */
    public static java.util.function.Function<LiveWorld, Registry> forNewWorld(ActorSystem<?> system) {
        return w -> new LocalRegistry(system, w, true);
    }

    @Override
    public void tell(ActorId id, Command c) {
        entries.compute(id, (k, e) -> {
            Entry to = e != null ? e : spawn(k, c instanceof Command.Born);
            if (to.held != null) {
                to.held.add(c);
            } else {
                to.ref.tell(c);
            }
            return to;
        });
    }

    @Override
    public ActorRef<Command> ref(ActorId id) {
        while (true) {
            Entry e = entries.computeIfAbsent(id, this::spawn);
            if (e.held == null) {
                return e.ref;
            }
            // an ask would reach the stopping actor after its Passivate: wait for a new one
            try {
                e.stopped.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + id + "'s actor to stop", ie);
            } catch (ExecutionException | TimeoutException te) {
                throw new IllegalStateException(id + "'s actor did not stop within " + STOP_WAIT_SECONDS + " s", te);
            }
        }
    }

    private Entry spawn(ActorId id) {
        return spawn(id, false);
    }

    /**
     * {@code born}: made to take its {@link Command.Born}, the first command its creator tells it, once
     * per object: in a new world, its journal is then empty. (An object made again after its
     * passivation, counted or kept, is made by a later command, and recovers from its journal.)
     */
    private Entry spawn(ActorId id, boolean born) {
        String name = Registry.entityId(world.name(), id);
        if (world.finalState(id) != null) {
            name += "~" + again.incrementAndGet(); // passivated before: known, and its old name may be taken still
        } else {
            synchronized (order) {
                order.add(id); // a forgotten one comes back until it is gone again (forget)
            }
            if (fresh != null && born) {
                fresh.add(world.persistenceId(id)); // before the actor starts its recovery
            }
        }
        try {
            return new Entry(system.systemActorOf(ObjectBehavior.create(world, id),
                    URLEncoder.encode(name, StandardCharsets.UTF_8), Props.empty()));
        } catch (org.apache.pekko.actor.InvalidActorNameException taken) {
            // forgotten after its passivation: its old actor's name may not be free yet
            return new Entry(system.systemActorOf(ObjectBehavior.create(world, id),
                    URLEncoder.encode(name + "~" + again.incrementAndGet(), StandardCharsets.UTF_8), Props.empty()));
        }
    }

    @Override
    public void forget(ActorId id) {
        synchronized (order) {
            if (order.remove(id)) {
                forgottenCount.incrementAndGet();
            }
        }
    }

    @Override
    public boolean forgotten(ActorId id) {
        // a forgotten object's entry goes once its actor has stopped; a service is never gone
        return forgottenCount.get() > 0 && !(id instanceof ActorId.ServiceId) && !entries.containsKey(id)
                && !known(id);
    }

    private boolean known(ActorId id) {
        synchronized (order) {
            return order.contains(id);
        }
    }

    @Override
    public void passivate(ActorId id) {
        entries.computeIfPresent(id, (k, e) -> {
            if (e.held == null) {
                e.held = new ArrayList<>();
                e.ref.tell(new Command.Passivate());
            }
            return e;
        });
    }

    @Override
    public void passivated(ActorId id) {
        Entry[] old = new Entry[1];
        entries.computeIfPresent(id, (k, e) -> {
            if (e.held == null) {
                return e; // not passivating: stopped by stopAll
            }
            old[0] = e;
            if (e.held.isEmpty()) {
                return null;
            }
            Entry next = spawn(k);
            for (Command c : e.held) {
                next.ref.tell(c);
            }
            return next;
        });
        if (old[0] != null) {
            old[0].stopped.complete(null);
        }
    }

    /** Whether {@code id} has an actor now (made and not passivated). */
    boolean live(ActorId id) {
        Entry e = entries.get(id);
        return e != null && e.held == null;
    }

    @Override
    public List<ActorId> known() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    @Override
    public void stopAll() {
        for (ActorId id : known()) {
            if (fresh != null) {
                fresh.forget(world.persistenceId(id)); // an actor stopped before its recovery leaves no mark
            }
            Entry e = entries.get(id);
            if (e == null && world.finalState(id) == null) {
                ref(id).tell(new Command.Stop()); // being made now: its entry is not in the map yet
            } else if (e != null && e.held == null) {
                e.ref.tell(new Command.Stop());
            }
        }
    }
}
