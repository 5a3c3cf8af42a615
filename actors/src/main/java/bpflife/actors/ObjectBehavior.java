package bpflife.actors;

import bpflife.model.Decision;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.Task;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
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
 * Pekko's per-pair FIFO makes them the sender's order. Where a lost node's messages can be re-sent
 * (a cluster: {@link Registry#numbersMessages}), the sender numbers them too ({@link Numbering}),
 * and a receiver drops a numbered message it has taken already: a copy and a late original are
 * taken once, whichever comes first.
 *
 * <p>An object made at run time stashes everything until its birth; the kernel's singletons are
 * born with the world (their initial state is a function of their id).
 *
 * <p>Group commit: while a step is being persisted, the messages that arrive wait in
 * {@link GroupCommit}; once it is persisted they are stepped one after the other, each on the
 * state the previous one left, and their records persisted together (one row per step, in order),
 * then each step's messages are told in order. Exactly what stepping them one at a time would
 * record, with one journal commit instead of one per message: a kernel singleton that every task
 * goes through (bpffs, an IDR) would otherwise take one step per commit.
 */
public final class ObjectBehavior extends EventSourcedBehavior<Object, Object, ObjectBehavior.Holder> {

    /** Messages that waited while a step was persisted, in arrival order. */
    private record DeliverAll(List<Command.Deliver> delivers) {}

    /**
     * Told to itself once a delivery's records are persisted and their messages told; {@code gone}:
     * the object can receive nothing more now ({@link Gone}).
     */
    private record Stepped(boolean gone) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectBehavior.class);
    private static final Stepped STEPPED = new Stepped(false);
    private static final Stepped STEPPED_GONE = new Stepped(true);

    /**
     * Holds back deliveries while one is being stepped and persisted, and hands them over
     * together when it is done; everything else goes through at once, but a {@link Command.Passivate},
     * which waits until nothing is being stepped or waiting. Once a step leaves the object gone and
     * nothing waits, it asks the registry to passivate it.
     */
    private static final class GroupCommit extends BehaviorInterceptor<Object, Object> {
        private final LiveWorld world;
        private final ActorId id;
        private boolean busy;
        private List<Command.Deliver> waiting = new ArrayList<>();
        /** Passivation asked of the registry. */
        private boolean passivating;
        /** The registry's Passivate came while busy: stop once idle. */
        private boolean stopWhenIdle;

        /** Sees every message (its own {@link Stepped} and Pekko's journal replies too, which it passes on). */
        GroupCommit(LiveWorld world, ActorId id) {
            super(Object.class);
            this.world = world;
            this.id = id;
        }

        @Override
        public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object m, ReceiveTarget<Object> target) {
            if (m instanceof Command.Deliver d) {
                if (busy) {
                    waiting.add(d);
                    return Behaviors.same();
                }
                busy = true;
                return target.apply(ctx, d);
            }
            // a failed write stops this object (Pekko); the world hears of it first, and stops everything
            if (m instanceof JournalProtocol.WriteMessageFailure f) {
                world.journalFailed(id, f.cause());
            } else if (m instanceof JournalProtocol.WriteMessageRejected r) {
                world.journalFailed(id, r.cause());
            }
            if (m instanceof Command.Passivate && busy) {
                stopWhenIdle = true;
                return Behaviors.same();
            }
            if (m instanceof Stepped st) {
                if (waiting.isEmpty()) {
                    busy = false;
                    if (stopWhenIdle) {
                        return target.apply(ctx, new Command.Passivate());
                    }
                    if (st.gone() && !passivating) {
                        passivating = true;
                        world.registry().passivate(id); // tells this actor Passivate, behind what is queued
                    }
                    return Behaviors.same();
                }
                List<Command.Deliver> batch = waiting;
                waiting = new ArrayList<>();
                return target.apply(ctx, new DeliverAll(batch));
            }
            return target.apply(ctx, m);
        }
    }

    /**
     * The actor's state: the model's, and the last number taken from each sender. Mutated only by
     * the event handler, but for {@link #forgetGone}.
     */
    static final class Holder {
        ObjectState model;
        final HashMap<ActorId, Long> lastSeq = new HashMap<>();
        long steps;
        /** lastSeq's size after the last {@link #forgetGone} sweep. */
        int sweptAt = SWEEP_FROM;
        /** What this object sent to each receiver, where messages are numbered; else null. */
        final Numbering numbering;

        Holder(ObjectState model, boolean numbered) {
            this.model = model;
            this.numbering = numbered ? new Numbering() : null;
        }
    }

    /** The size of lastSeq from which gone senders are swept out (most objects hear from a few). */
    static final int SWEEP_FROM = 256;

    /**
     * Forgets the channel numbers of senders that are gone ({@link Gone}: they send nothing ever
     * again), once lastSeq has doubled since the last sweep: a kernel singleton (bpffs, an IDR)
     * hears from every task of a long run, and would keep a number for each. A recovery rebuilds
     * the numbers from the journal, forgotten ones included. Amortized O(1) per step.
     */
    static void forgetGone(Holder h, java.util.function.Predicate<ActorId> gone) {
        h.sweptAt = sweep(h.lastSeq, h.sweptAt, gone);
        if (h.numbering != null) {
            h.numbering.forgetGone(gone);
        }
    }

    /**
     * The sweep rule of every per-peer count an object keeps (its senders' channel numbers, its
     * receivers' message numbers): the gone peers' counts go once the map has doubled since the
     * last sweep ({@code sweptAt}, its size then); returns the new {@code sweptAt}.
     */
    static int sweep(Map<ActorId, Long> counts, int sweptAt, java.util.function.Predicate<ActorId> gone) {
        if (counts.size() < 2 * sweptAt) {
            return sweptAt;
        }
        counts.keySet().removeIf(gone);
        return Math.max(SWEEP_FROM, counts.size());
    }

    private final LiveWorld world;
    private final ActorId id;
    private final ActorRef<Object> self;
    private final Set<String> tags;
    /** Drivers waiting for this task to exit; null until one asks (most objects are not tasks). */
    private List<ActorRef<Command.Exited>> exitWaiters;
    private boolean stopping;
    /** Stopped by {@link Command.Passivate}: the registry hears of it. */
    private boolean passivated;

    private ObjectBehavior(LiveWorld world, ActorId id, ActorRef<Object> self) {
        super(PersistenceId.ofUniqueId(world.persistenceId(id)));
        this.world = world;
        this.id = id;
        this.self = self;
        this.tags = Set.of(world.tag());
    }

    public static Behavior<Command> create(LiveWorld world, ActorId id) {
        return Behaviors.intercept(() -> new GroupCommit(world, id), Behaviors.<Object>setup(
                ctx -> new ObjectBehavior(world, id, ctx.getSelf()))).unsafeCast();
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
        // the singletons' initial states; null (unborn) for the rest
        return new Holder(Boot.initial(id), world.registry().numbersMessages());
    }

    /** bpflife saves no snapshot of an object: its recovery does not ask the snapshot store (one query less per actor). */
    @Override
    public Recovery recovery() {
        return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }

    @Override
    public Set<String> tagsFor(Object event) {
        return tags;
    }

    @Override
    public CommandHandler<Object, Object, Holder> commandHandler() {
        return (h, c) -> switch (c) {
            case Command.Deliver d -> deliver(h, List.of(d));
            case DeliverAll all -> deliver(h, all.delivers());
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
            case Command.Passivate p -> {
                stopping = true;
                passivated = true;
                yield Effect().stop();
            }
            default -> throw new IllegalArgumentException("not a command of an object: " + c);
        };
    }

    /**
     * Steps the deliveries in order, each on the state the previous one left (as the event
     * handler will fold their records), and persists their records together.
     */
    private Effect<Object, Holder> deliver(Holder h, List<Command.Deliver> ds) {
        if (h.model == null) {
            // unborn: everything waits for the birth, in order (the group stays held until then)
            return Effect().stash();
        }
        List<Object> records = new ArrayList<>(ds.size());
        ObjectState model = h.model;
        boolean wasGone = Gone.is(model); // a message after the end (a use after free): counted once
        HashMap<ActorId, Long> seqs = ds.size() == 1 ? null : new HashMap<>();
        List<Command.Deliver> taken = ds;
        List<Command.Deliver> dropped = null;
        for (Command.Deliver d : ds) {
            Long prev = seqs == null ? null : seqs.get(d.sender());
            long last = prev != null ? prev : h.lastSeq.getOrDefault(d.sender(), 0L);
            if (d.n() > 0 && d.n() <= last) {
                // taken already: a recovery re-sent it and the original came too (or the other way round)
                if (dropped == null) {
                    dropped = new ArrayList<>(1);
                    taken = new ArrayList<>(ds.subList(0, records.size()));
                }
                dropped.add(d);
                continue;
            }
            if (dropped != null) {
                taken.add(d);
            }
            long seq = last + 1;
            StepRecord r;
            try {
                r = step(model, d, seq);
            } catch (RuntimeException e) {
                world.fail(new IllegalStateException(id + " failed on " + d.msg() + " from " + d.sender() + ": " + e, e));
                self.tell(STEPPED);
                return Effect().none();
            }
            records.add(r);
            if (seqs != null) {
                seqs.put(d.sender(), seq);
                model = fold(model, r);
            }
        }
        if (records.isEmpty()) {
            List<Command.Deliver> copies = dropped;
            return Effect().none().thenRun(s -> {
                droppedTaken(copies);
                self.tell(STEPPED);
            });
        }
        List<Command.Deliver> ts = taken;
        List<Command.Deliver> copies = dropped;
        long[][] numbers = h.numbering == null ? null : numbers(h.numbering, records);
        return Effect().persist(records).thenRun(s -> {
            forgetGone(s, world::isGone);
            boolean gone = Gone.is(s.model);
            if (gone) {
                world.gone(id, s.model, wasGone); // before the world can be quiet, and before the registry stops this actor
            }
            for (int i = 0; i < ts.size(); i++) {
                afterStep(s, (StepRecord) records.get(i), ts.get(i).replyTo(), numbers == null ? null : numbers[i]);
            }
            if (copies != null) {
                droppedTaken(copies);
            }
            self.tell(gone ? STEPPED_GONE : STEPPED);
        });
    }

    /** The numbers of the records' messages, in order (before the event handler counts them). */
    private long[][] numbers(Numbering numbering, List<Object> records) {
        HashMap<ActorId, Long> pending = new HashMap<>();
        long[][] ns = new long[records.size()][];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = numbering.number((StepRecord) records.get(i), pending, world::isGone);
        }
        return ns;
    }

    /**
     * Copies of messages taken already: handled (they were counted in flight), no step. A recovery
     * that asked for one is told the channel number the message was taken as, with no events.
     */
    private void droppedTaken(List<Command.Deliver> copies) {
        for (Command.Deliver d : copies) {
            // rare (after a lost node) and the evidence that a late original came: said once each
            LOG.warn("{}: message #{} ({}) from {} taken already; "
                    + "this copy dropped", world.persistenceId(id), d.n(), d.msg().getClass().getSimpleName(), d.sender());
            if (d.replyTo() != null) {
                d.replyTo().tell(new StepRecord(0, id, d.sender(), d.n(), d.msg(), List.of(), List.of(), List.of(), null));
            }
            world.handled();
        }
    }

    private StepRecord step(ObjectState model, Command.Deliver d, long seq) {
        if (model.freed()) {
            // as the deterministic runtime does: the step is recorded, its replay flags the use after free
            return new StepRecord(0, id, d.sender(), seq, d.msg(), List.of(), List.of(), List.of(), null);
        }
        Decision dec = Kernel.step(world.env(), model, d.sender(), d.msg());
        return new StepRecord(0, id, d.sender(), seq, d.msg(), dec.events(), dec.spawned(), dec.sent(), dec.reply());
    }

    private void afterStep(Holder h, StepRecord r, ActorRef<StepRecord> replyTo, long[] numbers) {
        // first, so that listeners see the steps in an order that respects causality
        world.stepped(id, r);
        for (Spawn sp : r.spawned()) {
            world.tell(sp.id(), new Command.Born(sp.born()));
        }
        List<Envelope> sent = r.sent();
        for (int i = 0; i < sent.size(); i++) {
            Envelope e = sent.get(i);
            world.tell(e.to(), new Command.Deliver(id, e.msg(), numbers == null ? 0 : numbers[i]));
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
                if (h.numbering != null) {
                    h.numbering.count(r);
                }
            }
            return h;
        };
    }

    @Override
    public SignalHandler<Holder> signalHandler() {
        return newSignalHandlerBuilder()
                // the journal could not be read (gone, or not answering): the world stops with one line, like a write
                .onSignal(RecoveryFailed.class, (h, f) -> world.journalFailed(id, "read", f.getFailure()))
                .onSignal(PostStop.instance(), h -> {
                    if (passivated) {
                        world.registry().passivated(id);
                    } else if (!stopping && !world.isClosing()) {
                        world.fail(new IllegalStateException(world.persistenceId(id)
                                + " stopped (a journal write failed?); see the log"));
                    }
                })
                .build();
    }
}
