package bpflife.actors;

import bpflife.model.Bpffs;
import bpflife.model.Cgroupfs;
import bpflife.model.Decision;
import bpflife.model.Idr;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.SessionCounter;
import bpflife.model.Sync;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.IdKind;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Every modelled object, live: the command handler is the model's {@link Kernel#step}, the event
 * handler is {@link Kernel#apply} (over the step record's events), so no lifecycle rule is written
 * twice. One persisted entry per step: its {@link StepRecord} (position 0: the global order is the
 * journal's, assigned when a world is read back), tagged with the world's tag.
 *
 * <p>After a step is persisted, its side effects go out: each object it made gets its
 * {@link Command.Born} first, then every message it sent is told, in order. The receiver numbers
 * the messages of each sender (channelSeq) from its own journal, so the numbers survive a restart;
 * Pekko's per-pair FIFO makes them the sender's order.
 *
 * <p>An object made at run time stashes everything until its birth; the kernel's singletons are
 * born with the world (their initial state is a function of their id).
 */
public final class ObjectBehavior extends EventSourcedBehavior<Command, Object, ObjectBehavior.Holder> {

    /** The actor's state: the model's, and the last number taken from each sender. Mutated only by the event handler. */
    static final class Holder {
        ObjectState model;
        final HashMap<ActorId, Long> lastSeq = new HashMap<>();
        long steps;

        Holder(ObjectState model) {
            this.model = model;
        }
    }

    private final World world;
    private final ActorId id;
    private final Set<String> tags;
    /** Drivers waiting for this task to exit; null until one asks (most objects are not tasks). */
    private List<ActorRef<Command.Exited>> exitWaiters;
    private boolean stopping;

    private ObjectBehavior(World world, ActorId id) {
        super(PersistenceId.ofUniqueId(world.persistenceId(id)));
        this.world = world;
        this.id = id;
        this.tags = Set.of(world.tag());
    }

    public static Behavior<Command> create(World world, ActorId id) {
        return Behaviors.setup(ctx -> new ObjectBehavior(world, id));
    }

    /** The state an object has before any message: the singletons' initial states; null (unborn) for the rest. */
    public static ObjectState initial(ActorId id) {
        if (!(id instanceof ServiceId s)) {
            return null;
        }
        return switch (s.service()) {
            case PROG_IDR -> Idr.initial(IdKind.PROG);
            case LINK_IDR -> Idr.initial(IdKind.LINK);
            case MAP_IDR -> Idr.initial(IdKind.MAP);
            case SESSION_COUNTER -> SessionCounter.initial();
            case BPFFS -> Bpffs.initial();
            case CGROUPFS -> Cgroupfs.initial();
            case SYNC -> Sync.initial();
            case WORLD -> null;
        };
    }

    /** The model's fold of one journal entry: births make the state, step records apply their events. */
    public static ObjectState fold(ObjectState s, Object entry) {
        return switch (entry) {
            case Birth b -> Kernel.born(b.born());
            case StepRecord r -> Kernel.applyAll(s, r.events());
            default -> throw new IllegalArgumentException("not a journal entry of an object: " + entry);
        };
    }

    @Override
    public Holder emptyState() {
        return new Holder(initial(id));
    }

    @Override
    public Set<String> tagsFor(Object event) {
        return tags;
    }

    @Override
    public CommandHandler<Command, Object, Holder> commandHandler() {
        return (h, c) -> switch (c) {
            case Command.Deliver d -> deliver(h, d);
            case Command.Born b -> born(h, b);
            case Command.GetState g -> Effect().none().thenRun(s -> g.replyTo().tell(
                    new Command.Current(id, h.model, h.steps)));
            case Command.WhenExited w -> {
                if (exitWaiters == null) {
                    exitWaiters = new ArrayList<>(1);
                }
                exitWaiters.add(w.replyTo());
                notifyExited(h);
                yield Effect().none();
            }
            case Command.Stop s -> {
                stopping = true;
                yield Effect().stop();
            }
        };
    }

    private Effect<Object, Holder> deliver(Holder h, Command.Deliver d) {
        if (h.model == null) {
            return Effect().stash();
        }
        long seq = h.lastSeq.getOrDefault(d.sender(), 0L) + 1;
        StepRecord r;
        try {
            if (h.model.freed()) {
                // as the deterministic runtime does: the step is recorded, its replay flags the use after free
                r = new StepRecord(0, id, d.sender(), seq, d.msg(), List.of(), List.of(), List.of(), null);
            } else {
                Decision dec = Kernel.step(world.env(), h.model, d.sender(), d.msg());
                r = new StepRecord(0, id, d.sender(), seq, d.msg(), dec.events(), dec.spawned(), dec.sent(),
                        dec.reply());
            }
        } catch (RuntimeException e) {
            world.fail(new IllegalStateException(id + " failed on " + d.msg() + " from " + d.sender() + ": " + e, e));
            return Effect().none();
        }
        return Effect().persist(r).thenRun(s -> afterStep(s, r, d.replyTo()));
    }

    private void afterStep(Holder h, StepRecord r, ActorRef<StepRecord> replyTo) {
        // first, so that listeners see the steps in an order that respects causality
        world.stepped(id, r);
        for (Spawn sp : r.spawned()) {
            world.tell(sp.id(), new Command.Born(sp.born()));
        }
        for (Envelope e : r.sent()) {
            world.tell(e.to(), new Command.Deliver(id, e.msg()));
        }
        if (replyTo != null) {
            replyTo.tell(r);
        }
        notifyExited(h);
        world.handled();
    }

    private Effect<Object, Holder> born(Holder h, Command.Born b) {
        if (h.model != null) {
            // born already (a resumed world may send a birth again): nothing to do
            world.handled();
            return Effect().none();
        }
        return Effect().persist(new Birth(b.born())).thenRun(s -> world.handled()).thenUnstashAll();
    }

    private void notifyExited(Holder h) {
        if (exitWaiters != null && !exitWaiters.isEmpty() && h.model instanceof Task.State t && t.exited()) {
            for (ActorRef<Command.Exited> w : exitWaiters) {
                w.tell(new Command.Exited(id));
            }
            exitWaiters.clear();
        }
    }

    @Override
    public EventHandler<Holder, Object> eventHandler() {
        return (h, e) -> {
            h.model = fold(h.model, e);
            if (e instanceof StepRecord r) {
                h.lastSeq.put(r.sender(), r.channelSeq());
                h.steps++;
            }
            return h;
        };
    }

    @Override
    public SignalHandler<Holder> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryFailed.class, (h, f) -> world.fail(
                        new IllegalStateException("recovery of " + world.persistenceId(id) + " failed: " + f.getFailure(),
                                f.getFailure())))
                .onSignal(PostStop.instance(), h -> {
                    if (!stopping && !world.isClosing()) {
                        world.fail(new IllegalStateException(world.persistenceId(id)
                                + " stopped (a journal write failed?); see the log"));
                    }
                })
                .build();
    }
}
