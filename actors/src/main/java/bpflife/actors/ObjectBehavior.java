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
 * <p>Tell when queued: where the journal commits in the order its writes are requested and nothing
 * after a failed one ({@link CommitOrder#fifo}: H2 with one writer), a step's births and messages
 * go out as soon as its write is on its way to the journal, not after the commit: Pekko has sent
 * the write to the journal's actor by the time the command handler's effect has been applied
 * (within the interceptor's call of the behavior), and a message told after that is stepped, and
 * its own step's write requested, after it. Whatever the message causes is then written in the same
 * batch or a later one, so the journal always holds a causal prefix of the run. What says "this
 * step is in the journal" still waits for the commit: the world's listeners ({@link LiveWorld#stepped}:
 * the load's figures), the reply to the sender, the exit waiters, the in-flight count and the next
 * delivery to this object (which Pekko holds back until the write is confirmed). Not on a
 * cluster (its objects number their messages) nor where the journal writes batches side by side.
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

    /**
     * The births and messages of a step whose write has just been requested (tell when queued), told
     * by the interceptor once the behavior has handled the message, that is after Pekko has sent
     * the write to the journal's actor.
     */
    private static final class Outbox {
        private Runnable pending;

        void put(Runnable tells) {
            if (pending != null) {
                throw new IllegalStateException("one step's messages are told before the next step is persisted");
            }
            pending = tells;
        }

        void flush() {
            Runnable r = pending;
            if (r != null) {
                pending = null;
                r.run();
            }
        }
    }

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
        private final Outbox outbox;
        private boolean busy;
        private List<Command.Deliver> waiting = new ArrayList<>();
        /** Passivation asked of the registry. */
        private boolean passivating;
        /** The registry's Passivate came while busy: stop once idle. */
        private boolean stopWhenIdle;

        /** Sees every message (its own {@link Stepped} and Pekko's journal replies too, which it passes on). */
        GroupCommit(LiveWorld world, ActorId id, Outbox outbox) {
            super(Object.class);
            this.world = world;
            this.id = id;
            this.outbox = outbox;
        }

        @Override
        public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object m, ReceiveTarget<Object> target) {
            Behavior<Object> next = receive(ctx, m, target);
            // a step persisted in this call (its command handler may run on any message: an unstash,
            // the end of a recovery) has had its write sent to the journal's actor by now
            outbox.flush();
            return next;
        }

        private Behavior<Object> receive(TypedActorContext<Object> ctx, Object m, ReceiveTarget<Object> target) {
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
                CommitOrder.of(ctx.asScala().system()).writeFailed(f.cause());
                world.journalFailed(id, f.cause());
            } else if (m instanceof JournalProtocol.WriteMessageRejected r) {
                CommitOrder.of(ctx.asScala().system()).writeFailed(r.cause());
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
    /** Whether the journal lets a step's messages go once its write is requested. */
    private final CommitOrder order;
    private final Outbox outbox;
    /** Drivers waiting for this task to exit; null until one asks (most objects are not tasks). */
    private List<ActorRef<Command.Exited>> exitWaiters;
    private boolean stopping;
    /** Stopped by {@link Command.Passivate}: the registry hears of it. */
    private boolean passivated;

    private ObjectBehavior(LiveWorld world, ActorId id, ActorRef<Object> self, CommitOrder order, Outbox outbox) {
        super(PersistenceId.ofUniqueId(world.persistenceId(id)));
        this.world = world;
        this.id = id;
        this.self = self;
        this.tags = Set.of(world.tag());
        this.order = order;
        this.outbox = outbox;
    }

    public static Behavior<Command> create(LiveWorld world, ActorId id) {
        return Behaviors.<Object>setup(outer -> {
            Outbox outbox = new Outbox(); // one per actor: its interceptor and its behavior share it
            CommitOrder order = CommitOrder.of(outer.getSystem());
            return Behaviors.intercept(() -> new GroupCommit(world, id, outbox), Behaviors.<Object>setup(
                    ctx -> new ObjectBehavior(world, id, ctx.getSelf(), order, outbox)));
        }).unsafeCast();
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
        // numbered messages (a cluster) may be re-sent from the journal: they go after the commit
        boolean early = numbers == null && order.fifo();
        if (early) {
            outbox.put(() -> {
                for (Object r : records) {
                    tellAll((StepRecord) r, null);
                }
            });
        }
        return Effect().persist(records).thenRun(s -> {
            forgetGone(s, world::isGone);
            boolean gone = Gone.is(s.model);
            if (gone) {
                world.gone(id, s.model, wasGone); // before the world can be quiet, and before the registry stops this actor
            }
            for (int i = 0; i < ts.size(); i++) {
                afterStep(s, (StepRecord) records.get(i), ts.get(i).replyTo(), numbers == null ? null : numbers[i],
                        !early);
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

    /** A persisted step's aftermath; {@code tell}: its births and messages too (not told when queued). */
    private void afterStep(Holder h, StepRecord r, ActorRef<StepRecord> replyTo, long[] numbers, boolean tell) {
        // first, so that listeners see the steps in an order that respects causality (told after the
        // commit; told when queued, a listener may hear of an effect's step before its cause's)
        world.stepped(id, r);
        if (tell) {
            tellAll(r, numbers);
        }
        if (replyTo != null) {
            replyTo.tell(r);
        }
        notifyExited(h);
        world.handled();
    }

    /** A step's births, then its messages, in order. */
    private void tellAll(StepRecord r, long[] numbers) {
        for (Spawn sp : r.spawned()) {
            world.tell(sp.id(), new Command.Born(sp.born()));
        }
        List<Envelope> sent = r.sent();
        for (int i = 0; i < sent.size(); i++) {
            Envelope e = sent.get(i);
            world.tell(e.to(), new Command.Deliver(id, e.msg(), numbers == null ? 0 : numbers[i]));
        }
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
