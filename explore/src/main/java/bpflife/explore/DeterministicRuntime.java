package bpflife.explore;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.world.Boot;
import bpflife.model.world.Breach;
import bpflife.model.world.Invariants;
import bpflife.model.world.World;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The single-threaded event loop over the model's {@link World}: one FIFO channel per (sender,
 * receiver) ({@link Channels}), a {@link Scheduler} choosing which channel's head is delivered next, one journal
 * record per delivery; the world checks its invariants after every step and at quiescence.
 *
 * <p>Assumptions and guarantees: given the same scenario, semantics and scheduler choices, a run
 * delivers the same messages in the same order and produces the same records, byte for byte.
 * Nothing here iterates a hash container in an order that reaches the output: the world keeps
 * its objects in creation order, the enabled channels are kept in channel creation order.
 */
public final class DeterministicRuntime {

    /**
     * @param maxSteps    stop after this many deliveries: the run is then incomplete (not a violation,
     *                    see {@link RunResult#boundReached()})
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

    private final Channels channels = new Channels();
    private final List<Channel> enabled = channels.enabled;
    private final List<StepRecord> records = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private long position;
    private boolean quiescent;
    /** How to revert each change since the search began recording, newest last; null: not recording. */
    private ArrayList<Runnable> undo;
    /** Remembered steps (see {@link #memoizeSteps}), or null. */
    private StepMemo memo;

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
            deliver(enabled.get(scheduler.pick(channels.enabledView)));
        }
        return result();
    }

    /** Boots the world and queues the setup task's start; then deliver until {@link #finished()}. */
    public void start() {
        world.boot(env.scenario());
        enqueue(ActorId.WORLD, Boot.firstTask(), Boot.start());
    }

    /**
     * Whether the run is over: a violation, no message left (quiescence, checked once here), or
     * the step limit (the run is then incomplete: {@link #boundReached()}, no violation).
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
        return position >= options.maxSteps();
    }

    /** Whether the run stopped at the step limit with messages still in flight and no violation. */
    public boolean boundReached() {
        return violations.isEmpty() && !enabled.isEmpty() && position >= options.maxSteps();
    }

    /** The non-empty channels, in channel creation order (read-only). */
    public List<Channel> enabled() {
        return channels.enabledView;
    }

    /** Delivers the head of {@code enabled().get(i)}. */
    public void deliverAt(int i) {
        deliver(enabled.get(i));
    }

    public ObjectState state(ActorId id) {
        return world.state(id);
    }

    /** The world this runtime drives (a state interner reads it and swaps in equal states). */
    World world() {
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
        return WorldKey.of(world, enabled);
    }

    /**
     * From now on, remember how to revert every change, so that a depth-first search can go back
     * with {@link #undoTo} instead of copying the world at every branch.
     */
    public void recordUndo() {
        if (undo == null) {
            undo = new ArrayList<>();
            world.recordUndo(undo);
            channels.recordUndo(undo);
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
        ChangeLog changes = new ChangeLog();
        world.watch(changes);
        channels.track(changes);
        return changes;
    }

    private void log(Runnable revert) {
        if (undo != null) {
            undo.add(revert);
        }
    }

    private void enqueue(ActorId from, ActorId to, Msg m) {
        channels.send(from, to, m, position);
        world.sent(m);
    }

    /** Delivers the head of an enabled channel. */
    void deliver(Channel ch) {
        Msg m = ch.queue.pollFirst();
        Long sent = ch.sentAt.pollFirst();
        long seq = ++ch.delivered;
        boolean emptied = ch.queue.isEmpty();
        if (emptied) {
            Channel.remove(enabled, ch);
        }
        channels.touch(ch);
        if (undo != null) {
            long at = position;
            undo.add(() -> {
                if (emptied) {
                    Channel.insert(enabled, ch);
                }
                ch.queue.addFirst(m);
                ch.sentAt.addFirst(sent);
                ch.delivered--;
                channels.touch(ch);
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
