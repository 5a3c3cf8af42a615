package bpflife.explore;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.world.Breach;
import bpflife.model.world.Invariants;
import bpflife.model.world.World;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The single-threaded event loop over the model's {@link World}: one FIFO channel per (sender,
 * receiver), a {@link Scheduler} choosing which channel's head is delivered next, one journal
 * record per delivery; the world checks its invariants after every step and at quiescence.
 *
 * <p>Assumptions and guarantees: given the same scenario, semantics and scheduler choices, a run
 * delivers the same messages in the same order and produces the same records, byte for byte.
 * Nothing here iterates a hash container in an order that reaches the output: the world keeps
 * its objects in creation order, the enabled channels are kept in channel creation order.
 */
public final class DeterministicRuntime {

    /**
     * @param maxSteps    stop (and report) after this many deliveries
     * @param keepRecords keep the journal in memory (reports, violation chains, journal files)
     * @param sink        also handed each record as it is made, or null
     */
    public record Options(long maxSteps, boolean keepRecords, Consumer<StepRecord> sink) {
        public static final Options DEFAULT = new Options(2_000_000, true, null);
    }

    private final Env env;
    private final Scheduler scheduler;
    private final Stepper stepper;
    private final Options options;
    private final World world = new World();

    private final HashMap<ActorId, HashMap<ActorId, Channel>> channels = new HashMap<>();
    private final List<Channel> enabled = new ArrayList<>();
    private final List<Channel> enabledView = Collections.unmodifiableList(enabled);
    private int channelCount;
    private final List<StepRecord> records = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private long position;
    private boolean quiescent;
    /** How to revert each change since the search began recording, newest last; null: not recording. */
    private ArrayList<Runnable> undo;
    /** Remembered steps (see {@link #memoizeSteps}), or null. */
    private StepMemo memo;
    /** Where channel changes go for a state interner (see {@link #trackChanges}), or null. */
    private ChangeLog changes;

    public DeterministicRuntime(Env env, Scheduler scheduler, Stepper stepper, Options options) {
        this.env = env;
        this.scheduler = scheduler;
        this.stepper = stepper;
        this.options = options;
    }

    public static RunResult run(Env env, Scheduler scheduler) {
        return new DeterministicRuntime(env, scheduler, Stepper.KERNEL, Options.DEFAULT).run();
    }

    public RunResult run() {
        start();
        while (!finished()) {
            deliver(enabled.get(scheduler.pick(enabledView)));
        }
        return result();
    }

    /** Boots the world and queues the setup task's start; then deliver until {@link #finished()}. */
    public void start() {
        world.boot(env.scenario());
        enqueue(ActorId.WORLD, World.starter(), World.start());
    }

    /**
     * Whether the run is over: a violation, no message left (quiescence, checked once here), or
     * the step limit.
     */
    public boolean finished() {
        if (!violations.isEmpty()) {
            return true;
        }
        if (enabled.isEmpty()) {
            if (!quiescent) {
                quiescent = true;
                log(() -> quiescent = false);
                violate(world.quiescence());
            }
            return true;
        }
        if (position >= options.maxSteps()) {
            Breach b = Invariants.noQuiescence(position);
            violations.add(new Violation(b.invariant(), b.object(), position, b.detail(), List.of()));
            log(() -> violations.remove(violations.size() - 1));
            return true;
        }
        return false;
    }

    /** The non-empty channels, in channel creation order (read-only). */
    public List<Channel> enabled() {
        return enabledView;
    }

    /** Delivers the head of {@code enabled().get(i)}. */
    public void deliverAt(int i) {
        deliver(enabled.get(i));
    }

    public ObjectState state(ActorId id) {
        return world.state(id);
    }

    /** The world this runtime drives (read it; only the runtime changes it). */
    public World world() {
        return world;
    }

    public long position() {
        return position;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public RunResult result() {
        return new RunResult(env.scenario(), env.semantics(), scheduler.describe(), position,
                options.keepRecords() ? List.copyOf(records) : List.of(), world.states(), List.copyOf(violations),
                world.dumps(), world.eof(), quiescent);
    }

    /** The world's state, canonical (see {@link WorldKey}). */
    public WorldKey stateKey() {
        TreeMap<String, List<Msg>> inFlight = new TreeMap<>();
        for (Channel ch : enabled) {
            inFlight.put(ch.sender.key() + ">" + ch.receiver.key(), List.copyOf(ch.queue));
        }
        return new WorldKey(world.statesById(), inFlight);
    }

    /**
     * From now on, remember how to revert every change, so that a depth-first search can go back
     * with {@link #undoTo} instead of copying the world at every branch.
     */
    public void recordUndo() {
        if (undo == null) {
            undo = new ArrayList<>();
            world.recordUndo(undo);
        }
    }

    /** The current point of the run, to come back to with {@link #undoTo}; needs {@link #recordUndo()}. */
    public long mark() {
        return (long) undo.size() << 32 | world.accountingMark();
    }

    /** Reverts every change made since {@code mark}, newest first. */
    public void undoTo(long mark) {
        int to = (int) (mark >>> 32);
        for (int i = undo.size() - 1; i >= to; i--) {
            undo.remove(i).run();
        }
        world.undoAccountingTo((int) mark);
    }

    /** From now on, remember every step (see {@link StepMemo}); the memo, to ask it about steps. */
    StepMemo memoizeSteps() {
        memo = new StepMemo(env, stepper);
        return memo;
    }

    /** From now on, keep what changed for a state interner; before {@link #start()}. */
    ChangeLog trackChanges() {
        changes = new ChangeLog();
        world.watch(changes);
        return changes;
    }

    private void log(Runnable revert) {
        if (undo != null) {
            undo.add(revert);
        }
    }

    private void touch(Channel ch) {
        if (changes != null) {
            changes.channel(ch);
        }
    }

    private void insertEnabled(Channel ch) {
        int i = Collections.binarySearch(enabled, ch, (a, b) -> Integer.compare(a.index, b.index));
        enabled.add(-i - 1, ch);
    }

    private void removeEnabled(Channel ch) {
        int i = Collections.binarySearch(enabled, ch, (a, b) -> Integer.compare(a.index, b.index));
        enabled.remove(i);
    }

    /** The channel from {@code from} to {@code to}, made (or born again after an undo) if need be. */
    private Channel channel(ActorId from, ActorId to) {
        HashMap<ActorId, Channel> out = channels.computeIfAbsent(from, k -> new HashMap<>());
        Channel ch = out.get(to);
        if (ch != null && ch.index >= 0) {
            return ch;
        }
        if (ch == null) {
            ch = new Channel(from, to, channelCount++);
            out.put(to, ch);
        } else {
            ch.index = channelCount++;
        }
        Channel unmade = ch;
        // kept, unborn, when undone: a search or sampler that comes back here makes it again cheaply
        log(() -> {
            unmade.index = -1;
            channelCount--;
        });
        return ch;
    }

    private void enqueue(ActorId from, ActorId to, Msg m) {
        Channel ch = channel(from, to);
        if (ch.queue.isEmpty()) {
            insertEnabled(ch);
        }
        ch.queue.addLast(m);
        ch.sentAt.addLast(position);
        touch(ch);
        if (undo != null) {
            undo.add(() -> {
                ch.queue.pollLast();
                ch.sentAt.pollLast();
                if (ch.queue.isEmpty()) {
                    removeEnabled(ch);
                }
                touch(ch);
            });
        }
        world.sent(m);
    }

    /** Delivers the head of an enabled channel. */
    void deliver(Channel ch) {
        Msg m = ch.queue.pollFirst();
        Long sent = ch.sentAt.pollFirst();
        long seq = ++ch.delivered;
        boolean emptied = ch.queue.isEmpty();
        if (emptied) {
            removeEnabled(ch);
        }
        touch(ch);
        if (undo != null) {
            long at = position;
            undo.add(() -> {
                if (emptied) {
                    insertEnabled(ch);
                }
                ch.queue.addFirst(m);
                ch.sentAt.addFirst(sent);
                ch.delivered--;
                touch(ch);
                position = at;
            });
        }
        position++;
        world.received(m);
        ActorId receiver = ch.receiver;
        ObjectState before = world.state(receiver);
        if (before == null) {
            throw new IllegalStateException(m + " sent to " + receiver + ", which was never made");
        }
        if (before.freed()) {
            keep(new StepRecord(position, receiver, ch.sender, seq, m, List.of(), List.of(), List.of(), null));
            violate(Invariants.freePath(receiver, ch.sender, m));
            return;
        }
        Decision d;
        ObjectState after;
        if (memo == null) {
            d = stepper.step(env, before, ch.sender, m);
            after = Kernel.applyAll(before, d.events());
        } else {
            StepMemo.Entry e = memo.step(before, ch.sender, m);
            d = e.decision;
            after = e.after;
        }
        world.apply(receiver, m, before, d, after);
        List<Envelope> outgoing = d.sent();
        for (int i = 0; i < outgoing.size(); i++) {
            enqueue(receiver, outgoing.get(i).to(), outgoing.get(i).msg());
        }
        if (options.keepRecords() || options.sink() != null) {
            keep(new StepRecord(position, receiver, ch.sender, seq, m, d.events(), d.spawned(), d.sent(), d.reply()));
        }
        violate(world.settle(receiver, d, after));
    }

    private void keep(StepRecord r) {
        if (options.keepRecords()) {
            records.add(r);
            log(() -> records.remove(records.size() - 1));
        }
        if (options.sink() != null) {
            options.sink().accept(r);
        }
    }

    /** Records the run's first breach (null: none), with the steps that led there. */
    private void violate(Breach b) {
        if (b != null && violations.isEmpty()) {
            violations.add(new Violation(b.invariant(), b.object(), position, b.detail(),
                    Violation.chain(records, b.object())));
            log(() -> violations.remove(violations.size() - 1));
        }
    }
}
