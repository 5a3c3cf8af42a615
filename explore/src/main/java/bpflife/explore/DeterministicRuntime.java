package bpflife.explore;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Idr;
import bpflife.model.Invariant;
import bpflife.model.Kernel;
import bpflife.model.Link;
import bpflife.model.ObjectState;
import bpflife.model.Quiescence;
import bpflife.model.Prog;
import bpflife.model.BpfMap;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.model.Bpffs;
import bpflife.model.Cgroupfs;
import bpflife.model.SessionCounter;
import bpflife.model.Sync;
import bpflife.model.DumpCheck;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The single-threaded event loop over the model: one FIFO channel per (sender, receiver), a
 * {@link Scheduler} choosing which channel's head is delivered next, one journal record per
 * delivery, and every invariant checked after every step.
 *
 * <p>Assumptions and guarantees: given the same scenario, semantics and scheduler choices, a run
 * delivers the same messages in the same order and produces the same records, byte for byte.
 * Nothing here iterates a hash container in an order that reaches the output: states and
 * channels are kept in creation order, the enabled channels in channel creation order.
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

    private static final int CHAIN = 12;

    private final Env env;
    private final Scheduler scheduler;
    private final Stepper stepper;
    private final Options options;

    private final HashMap<ActorId, ObjectState> states = new HashMap<>();
    private final List<ActorId> created = new ArrayList<>();
    private final HashMap<ActorId, HashMap<ActorId, Channel>> channels = new HashMap<>();
    private final List<Channel> enabled = new ArrayList<>();
    private final List<Channel> enabledView = Collections.unmodifiableList(enabled);
    private int channelCount;
    private final Accounting accounting = new Accounting();
    private final List<StepRecord> records = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Map<ActorId, StringBuilder> dumps = new LinkedHashMap<>();
    private final Set<ActorId> eof = new LinkedHashSet<>();
    /** Per session, how many objects its target showed in its last batch: the dump's expected length. */
    private final Map<ActorId, Integer> shown = new HashMap<>();
    private long position;
    private boolean quiescent;
    /** The objects one step touched (reused; duplicates are harmless, the checks are idempotent). */
    private final List<ActorId> touched = new ArrayList<>();
    /** How to revert each change since the search began recording, newest last; null: not recording. */
    private ArrayList<Runnable> undo;
    /**
     * What changed since a state interner last looked (see {@link #drainChanges}): object ids,
     * channels, and {@link #DUMPS} for the dumps; null when nobody looks.
     */
    private ArrayList<Object> changes;
    /**
     * Steps already taken, by the receiver's state and the message (both by identity: a state
     * interner hands back one instance per distinct state, and a remembered step sends the same
     * message instances again): the decision and the state after. Null: not remembered.
     */
    private IdentityHashMap<ObjectState, Memo> memo;

    private static final class Memo {
        final ActorId sender;
        final Msg msg;
        final Decision decision;
        final ObjectState after;
        final Memo next;
        /** {@link #movesReferencesOnly}'s answer once known: 0 unknown, 1 yes, 2 no. */
        byte movesOnly;

        Memo(ActorId sender, Msg msg, Decision decision, ObjectState after, Memo next) {
            this.sender = sender;
            this.msg = msg;
            this.decision = decision;
            this.after = after;
            this.next = next;
        }
    }

    /** Stands for the dumps in {@link #drainChanges}. */
    static final Object DUMPS = "dumps";

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

    /** Makes the world and queues the setup task's start; then deliver until {@link #finished()}. */
    public void start() {
        boot();
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
                checkQuiescence();
            }
            return true;
        }
        if (position >= options.maxSteps()) {
            addViolation(new Violation(Invariant.STUCK, ActorId.WORLD, position,
                    "no quiescence after " + position + " steps", List.of()));
            return true;
        }
        return false;
    }

    /** The non-empty channels, in channel creation order (read-only). */
    public List<Channel> enabled() {
        return enabledView;
    }

    /** The index in {@link #enabled()} of the channel from sender to receiver; it must be enabled. */
    public int indexOf(ActorId sender, ActorId receiver) {
        for (int i = 0; i < enabled.size(); i++) {
            if (enabled.get(i).sender.equals(sender) && enabled.get(i).receiver.equals(receiver)) {
                return i;
            }
        }
        throw new IllegalStateException(sender + " -> " + receiver + " is no longer enabled");
    }

    /** Delivers the head of {@code enabled().get(i)}. */
    public void deliverAt(int i) {
        deliver(enabled.get(i));
    }

    public ObjectState state(ActorId id) {
        return states.get(id);
    }

    public long position() {
        return position;
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public RunResult result() {
        LinkedHashMap<ActorId, ObjectState> finalStates = new LinkedHashMap<>();
        for (ActorId id : created) {
            finalStates.put(id, states.get(id));
        }
        Map<ActorId, String> dumpTexts = new LinkedHashMap<>();
        dumps.forEach((k, v) -> dumpTexts.put(k, v.toString()));
        return new RunResult(env.scenario(), env.semantics(), scheduler.describe(), position,
                options.keepRecords() ? List.copyOf(records) : List.of(), finalStates, List.copyOf(violations),
                dumpTexts, Set.copyOf(eof), quiescent);
    }

    /**
     * The world's state, canonical: equal for two runs that reached the same object states and the
     * same messages in flight, whatever order they got there in (objects and channels by name).
     */
    public Object stateKey() {
        TreeMap<ActorId, Object> key = new TreeMap<>();
        for (ActorId id : created) {
            key.put(id, states.get(id));
        }
        TreeMap<String, List<Msg>> inFlight = new TreeMap<>();
        for (Channel ch : enabled) {
            inFlight.put(ch.sender.key() + ">" + ch.receiver.key(), List.copyOf(ch.queue));
        }
        return List.of(key, inFlight);
    }

    /** Everything needed to come back to this point of the run (for depth-first exploration). */
    public Object snapshot() {
        HashMap<ActorId, HashMap<ActorId, Channel>> chs = new HashMap<>();
        List<Channel> en = new ArrayList<>();
        channels.forEach((from, m) -> {
            HashMap<ActorId, Channel> copy = new HashMap<>();
            m.forEach((to, ch) -> {
                Channel c = ch.copy();
                copy.put(to, c);
                if (!c.queue.isEmpty()) {
                    en.add(c);
                }
            });
            chs.put(from, copy);
        });
        en.sort((a, b) -> Integer.compare(a.index, b.index));
        Map<ActorId, String> dumpTexts = new HashMap<>();
        dumps.forEach((k, v) -> dumpTexts.put(k, v.toString()));
        return new Snapshot(new HashMap<>(states), new ArrayList<>(created), chs, en, channelCount, accounting.copy(),
                records.size(), new ArrayList<>(violations), dumpTexts, new LinkedHashSet<>(eof), new HashMap<>(shown),
                position, quiescent);
    }

    public void restore(Object snapshot) {
        if (undo != null) {
            throw new IllegalStateException("a runtime that records undo is taken back with undoTo, not restore");
        }
        Snapshot sn = (Snapshot) snapshot;
        states.clear();
        states.putAll(sn.states);
        created.clear();
        created.addAll(sn.created);
        channels.clear();
        sn.channels.forEach((from, m) -> {
            HashMap<ActorId, Channel> copy = new HashMap<>();
            m.forEach((to, ch) -> copy.put(to, ch.copy()));
            channels.put(from, copy);
        });
        enabled.clear();
        channels.values().forEach(m -> m.values().forEach(c -> {
            if (!c.queue.isEmpty()) {
                enabled.add(c);
            }
        }));
        enabled.sort((a, b) -> Integer.compare(a.index, b.index));
        channelCount = sn.channelCount;
        accounting.restore(sn.accounting);
        while (records.size() > sn.records) {
            records.remove(records.size() - 1);
        }
        violations.clear();
        violations.addAll(sn.violations);
        dumps.clear();
        sn.dumps.forEach((k, v) -> dumps.put(k, new StringBuilder(v)));
        eof.clear();
        eof.addAll(sn.eof);
        shown.clear();
        shown.putAll(sn.shown);
        position = sn.position;
        quiescent = sn.quiescent;
        channels.values().forEach(m -> m.values().forEach(this::touch));
        dumpsChanged();
    }

    /**
     * From now on, remember how to revert every change, so that a depth-first search can go back
     * with {@link #undoTo} instead of copying the world ({@link #snapshot}) at every branch.
     */
    public void recordUndo() {
        if (undo == null) {
            undo = new ArrayList<>();
            accounting.record();
        }
    }

    /** From now on, keep what changed for {@link #drainChanges} (a state interner's view). */
    void trackChanges() {
        if (changes == null) {
            changes = new ArrayList<>();
        }
    }

    /**
     * Hands over everything that changed since the last call (needs {@link #trackChanges()}, and
     * includes what {@link #undoTo} changed back): each object id whose state was set, made or
     * unmade, each channel whose contents changed, {@link #DUMPS} if the dumps did; repeats possible.
     */
    void drainChanges(Consumer<Object> to) {
        for (Object c : changes) {
            to.accept(c);
        }
        changes.clear();
    }

    /**
     * Remember every step (the stepper is a pure function of the state, the sender and the
     * message), so that the same step from the same state, met again in another interleaving, is
     * not computed again and yields the same instances. For searches that use {@link #canonical}.
     */
    void memoizeSteps() {
        memo = new IdentityHashMap<>();
    }

    /**
     * The step from {@code before} on {@code m}: the remembered one if {@link #memoizeSteps} is on
     * and it was taken before, else computed (and remembered if on). The one place that fills the memo.
     */
    private Memo stepFrom(ObjectState before, ActorId sender, Msg m) {
        Memo first = memo == null ? null : memo.get(before);
        for (Memo e = first; e != null; e = e.next) {
            if (e.msg == m && e.sender.equals(sender)) {
                return e;
            }
        }
        Decision d = stepper.step(env, before, sender, m);
        Memo e = new Memo(sender, m, d, Kernel.applyAll(before, d.events()), first);
        if (memo != null) {
            memo.put(before, e);
        }
        return e;
    }

    /**
     * Replaces an object's state by an equal instance (the one a state interner keeps for it), so
     * that remembered steps ({@link #memoizeSteps}) are found by identity. Changes nothing else.
     */
    void canonical(ActorId id, ObjectState equal) {
        states.put(id, equal);
    }

    private void changed(Object what) {
        if (changes != null) {
            changes.add(what);
        }
    }

    private void setState(ActorId id, ObjectState s) {
        states.put(id, s);
        changed(id);
    }

    /** The current point of the run, to come back to with {@link #undoTo}; needs {@link #recordUndo()}. */
    public long mark() {
        return (long) undo.size() << 32 | accounting.mark();
    }

    /** Reverts every change made since {@code mark}, newest first. */
    public void undoTo(long mark) {
        int to = (int) (mark >>> 32);
        for (int i = undo.size() - 1; i >= to; i--) {
            undo.remove(i).run();
        }
        accounting.undoTo((int) mark);
    }

    /**
     * Whether delivering the head of {@code ch} now would only move references: a step of a task
     * (no refcount of its own, no listing, no dump) after which every object that exists now has
     * the same expected refcount (holders + references carried - increments promised, see
     * {@link Accounting}) as before, e.g. a reference passed from a reply into the fd table. Such a
     * step cannot change the verdict of any invariant on the objects that exist before it. A pure
     * function of the step (the state, the sender, the message), so remembered with it.
     */
    boolean movesReferencesOnly(Channel ch) {
        ObjectState before = states.get(ch.receiver);
        if (!(before instanceof Task.State)) {
            return false;
        }
        Msg m = ch.head();
        Memo e = stepFrom(before, ch.sender, m);
        if (e.movesOnly == 0) {
            e.movesOnly = movesOnly(before, m, e.decision, e.after) ? (byte) 1 : (byte) 2;
        }
        return e.movesOnly == 1;
    }

    private static boolean movesOnly(ObjectState before, Msg m, Decision d, ObjectState after) {
        if (d.fault() != null || before.refcount() != after.refcount()) {
            return false;
        }
        HashMap<ActorId, Integer> net = new HashMap<>();
        before.holds().forEach(h -> net.merge(h, -1, Integer::sum));
        after.holds().forEach(h -> net.merge(h, 1, Integer::sum));
        if (m.carries() != null) {
            net.merge(m.carries(), -1, Integer::sum);
        }
        if (m.increments() != null) {
            net.merge(m.increments(), 1, Integer::sum);
        }
        for (Envelope e : d.sent()) {
            if (e.msg().carries() != null) {
                net.merge(e.msg().carries(), 1, Integer::sum);
            }
            if (e.msg().increments() != null) {
                net.merge(e.msg().increments(), -1, Integer::sum);
            }
        }
        for (Spawn sp : d.spawned()) {
            Kernel.born(sp.born()).holds().forEach(h -> net.merge(h, 1, Integer::sum));
        }
        for (Spawn sp : d.spawned()) {
            net.remove(sp.id()); // new: no invariant on it held or failed before
        }
        for (int v : net.values()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private void log(Runnable revert) {
        if (undo != null) {
            undo.add(revert);
        }
    }

    /** The dumps so far, their object counts and which reached EOF, canonical (by session). */
    Object dumpsKey() {
        TreeMap<ActorId, List<Object>> key = new TreeMap<>();
        dumps.forEach((k, v) -> key.put(k, List.of(v.toString(), shown.getOrDefault(k, -1), eof.contains(k))));
        shown.forEach((k, v) -> key.putIfAbsent(k, List.of("", v, eof.contains(k))));
        return key;
    }

    /** The objects made so far (in creation order; read-only). */
    List<ActorId> objects() {
        return Collections.unmodifiableList(created);
    }

    private void touch(Channel ch) {
        changed(ch);
    }

    private void dumpsChanged() {
        changed(DUMPS);
    }

    private void insertEnabled(Channel ch) {
        int i = Collections.binarySearch(enabled, ch, (a, b) -> Integer.compare(a.index, b.index));
        enabled.add(-i - 1, ch);
    }

    private void removeEnabled(Channel ch) {
        int i = Collections.binarySearch(enabled, ch, (a, b) -> Integer.compare(a.index, b.index));
        enabled.remove(i);
    }

    private record Snapshot(HashMap<ActorId, ObjectState> states, List<ActorId> created,
                            HashMap<ActorId, HashMap<ActorId, Channel>> channels, List<Channel> enabled,
                            int channelCount, Accounting accounting, int records, List<Violation> violations,
                            Map<ActorId, String> dumps, Set<ActorId> eof, Map<ActorId, Integer> shown,
                            long position, boolean quiescent) {}

    /** The kernel's singletons and the scenario's tasks; the world starts the setup task. */
    private void boot() {
        add(Idr.initial(IdKind.PROG));
        add(Idr.initial(IdKind.LINK));
        add(Idr.initial(IdKind.MAP));
        add(SessionCounter.initial());
        add(Bpffs.initial());
        add(Cgroupfs.initial());
        add(Sync.initial());
        Scenario sc = env.scenario();
        add(Kernel.born(new Event.TaskCreated(new TaskId(Scenario.SETUP), false)));
        for (TaskDef t : sc.tasks()) {
            if (!t.forked()) {
                add(Kernel.born(new Event.TaskCreated(new TaskId(t.name()), false)));
            }
        }
        enqueue(ActorId.WORLD, new TaskId(Scenario.SETUP), new Msg.Start(new TreeMap<>()));
    }

    private void add(ObjectState s) {
        if (states.putIfAbsent(s.self(), s) != null) {
            throw new IllegalStateException("object " + s.self() + " made twice");
        }
        changed(s.self());
        created.add(s.self());
        log(() -> {
            states.remove(s.self());
            changed(s.self());
            created.remove(created.size() - 1);
        });
        for (ActorId h : s.holds()) {
            accounting.holder(h, 1);
        }
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
        log(() -> {
            ch.queue.pollLast();
            ch.sentAt.pollLast();
            if (ch.queue.isEmpty()) {
                removeEnabled(ch);
            }
            touch(ch);
        });
        accounting.carried(m.carries(), 1);
        accounting.promised(m.increments(), 1);
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
            log(() -> {
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
        accounting.carried(m.carries(), -1);
        accounting.promised(m.increments(), -1);
        ActorId receiver = ch.receiver;
        ObjectState before = states.get(receiver);
        if (before == null) {
            throw new IllegalStateException(m + " sent to " + receiver + ", which was never made");
        }
        if (before.freed()) {
            keep(new StepRecord(position, receiver, ch.sender, seq, m, List.of(), List.of(), List.of(), null));
            // a second free path reaching the object is a double free; anything else touching it a use after free
            boolean freesAgain = m instanceof Msg.Discard || m instanceof Msg.Release || m instanceof Msg.IdRemoved
                    || m instanceof Msg.FreeWork;
            violate(freesAgain ? Invariant.DOUBLE_FREE : Invariant.USE_AFTER_FREE, receiver,
                    m.getClass().getSimpleName() + " from " + ch.sender + " delivered to freed " + receiver);
            return;
        }
        Memo step = stepFrom(before, ch.sender, m);
        Decision d = step.decision;
        ObjectState after = step.after;
        if (after != before) {
            setState(receiver, after);
            log(() -> setState(receiver, before));
        }
        List<ActorId> touched = this.touched;
        touched.clear();
        touched.add(receiver);
        addNonNull(touched, m.carries());
        addNonNull(touched, m.increments());
        if (after != before) {
            List<ActorId> held = before.holds();
            List<ActorId> holds = after.holds();
            // unchanged holdings change no count and no invariant: skip them (most steps)
            if (!held.equals(holds)) {
                for (int i = 0; i < held.size(); i++) {
                    accounting.holder(held.get(i), -1);
                    touched.add(held.get(i));
                }
                for (int i = 0; i < holds.size(); i++) {
                    accounting.holder(holds.get(i), 1);
                    touched.add(holds.get(i));
                }
            }
        }
        List<Spawn> spawned = d.spawned();
        for (int i = 0; i < spawned.size(); i++) {
            Spawn sp = spawned.get(i);
            ObjectState born = Kernel.born(sp.born());
            add(born);
            touched.add(sp.id());
            touched.addAll(born.holds());
        }
        List<Envelope> outgoing = d.sent();
        for (int i = 0; i < outgoing.size(); i++) {
            Envelope e = outgoing.get(i);
            enqueue(receiver, e.to(), e.msg());
            addNonNull(touched, e.msg().carries());
            addNonNull(touched, e.msg().increments());
        }
        if (options.keepRecords() || options.sink() != null) {
            keep(new StepRecord(position, receiver, ch.sender, seq, m, d.events(), d.spawned(), d.sent(), d.reply()));
        }
        List<Event> events = d.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Event.SessionRead r) {
                read(receiver, r, after);
            }
        }
        if (d.fault() != null) {
            violate(d.fault().invariant(), d.fault().object(), d.fault().detail());
        }
        for (int i = 0; i < touched.size(); i++) {
            checkBalance(touched.get(i));
            checkListing(touched.get(i));
        }
    }

    /** A read's text joins its session's dump; at EOF the whole dump is checked. */
    private void read(ActorId session, Event.SessionRead r, ObjectState after) {
        StringBuilder text = dumps.get(session);
        boolean fresh = text == null;
        if (fresh) {
            text = new StringBuilder();
            dumps.put(session, text);
        }
        int length = text.length();
        text.append(r.returned());
        Integer shownBefore = shown.get(session);
        if (r.objects() >= 0) {
            shown.put(session, r.objects());
        }
        boolean ended = r.returned().isEmpty() && r.ended() && eof.add(session);
        dumpsChanged();
        StringBuilder dump = text;
        log(() -> {
            if (fresh) {
                dumps.remove(session);
            } else {
                dump.setLength(length);
            }
            if (shownBefore == null) {
                shown.remove(session);
            } else {
                shown.put(session, shownBefore);
            }
            if (ended) {
                eof.remove(session);
            }
            dumpsChanged();
        });
        if (ended) {
            checkDump((SeqSession.State) after);
        }
    }

    private static void addNonNull(List<ActorId> s, ActorId a) {
        if (a != null) {
            s.add(a);
        }
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

    // ---- invariants ----

    /** Every refcount equals the holders the model can name (with references in flight). */
    private void checkBalance(ActorId id) {
        ObjectState s = states.get(id);
        if (s == null || s.refcount() < 0 || !violations.isEmpty()) {
            return;
        }
        long expected = accounting.expected(id);
        if (s.refcount() != expected) {
            String what = s.freed() ? "freed while " + holdersOf(id) + " still hold it"
                    : "refcount " + s.refcount() + " but " + expected + " holders (" + holdersOf(id) + ")";
            violate(s.freed() ? Invariant.USE_AFTER_FREE : Invariant.REFCOUNT_MISMATCH, id, what);
        }
    }

    private String holdersOf(ActorId id) {
        List<String> names = new ArrayList<>();
        for (ActorId a : created) {
            ObjectState s = states.get(a);
            int n = Collections.frequency(s.holds(), id);
            if (n > 0) {
                names.add(n == 1 ? a.key() : a.key() + " x" + n);
            }
        }
        int inFlight = accounting.carried(id);
        if (inFlight > 0) {
            names.add(inFlight == 1 ? "a message in flight" : inFlight + " messages in flight");
        }
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    /** link show / prog show list exactly the live, settled ids; a freed object is never listed. */
    private void checkListing(ActorId id) {
        if (!violations.isEmpty()) {
            return;
        }
        ObjectState s = states.get(id);
        switch (s) {
            case Idr.State idr -> idr.entries().forEach((n, e) -> {
                if (violations.isEmpty() && states.get(e.object()).freed()) {
                    violate(Invariant.LISTED_WRONG, e.object(), "freed " + e.object() + " is still listed as "
                            + idr.kind().word() + " id " + n);
                }
            });
            case Prog.State p -> listed(id, IdKind.PROG, p.id(), p.freed(), p.refcnt() > 0 && p.id() != 0);
            case Link.State l -> listed(id, IdKind.LINK, l.id(), l.freed(), l.refcnt() > 0 && l.settled());
            case BpfMap.State m -> listed(id, IdKind.MAP, m.id(), m.freed(), m.refcnt() > 0 && m.id() != 0);
            case null, default -> { }
        }
    }

    private void listed(ActorId id, IdKind kind, int kernelId, boolean freed, boolean live) {
        if (kernelId == 0) {
            return;
        }
        Idr.Entry e = ((Idr.State) states.get(kind.idr())).entries().get(kernelId);
        boolean inIdr = e != null && e.object().equals(id);
        if (freed && inIdr) {
            violate(Invariant.LISTED_WRONG, id, "freed " + id + " is still listed as " + kind.word() + " id " + kernelId);
        } else if (live && !inIdr) {
            violate(Invariant.LISTED_WRONG, id, "live " + id + " (" + kind.word() + " id " + kernelId + ") is not listed");
        }
    }

    private void checkDump(SeqSession.State s) {
        String text = dumps.get(s.self()).toString();
        int objects = shown.getOrDefault(s.self(), -1);
        String problem = DumpCheck.problem(text, s.template(), s.sessionId(), objects);
        if (problem != null) {
            violate(Invariant.DUMP_INCOMPLETE, s.self(), problem);
        }
    }

    /** At quiescence: every task exited, and nothing leaked. */
    private void checkQuiescence() {
        List<Task.State> stuck = Quiescence.stuck(created, states::get);
        if (!stuck.isEmpty()) {
            Task.State t = stuck.getFirst();
            violate(Invariant.STUCK, t.self(), t.self() + " never finished: it is in '" + (t.call() == null ? "nothing"
                    : t.call().getClass().getSimpleName()) + "' and nothing is left to deliver");
            return;
        }
        TreeSet<ActorId> leaked = Quiescence.leaked(created, states::get);
        if (!leaked.isEmpty()) {
            violate(Invariant.LEAK, leaked.first(), "not freed and not reachable from an fd table or a bpffs name: "
                    + leaked);
        }
    }

    private void violate(Invariant inv, ActorId object, String detail) {
        if (violations.isEmpty()) {
            addViolation(new Violation(inv, object, position, detail, chain(object)));
        }
    }

    private void addViolation(Violation v) {
        violations.add(v);
        log(() -> violations.remove(violations.size() - 1));
    }

    /** The object's recent history: steps it took, and steps that sent it a message, oldest first. */
    private List<String> chain(ActorId object) {
        ArrayDeque<String> lines = new ArrayDeque<>();
        for (int i = records.size() - 1; i >= 0 && lines.size() < CHAIN; i--) {
            StepRecord r = records.get(i);
            boolean involved = r.receiver().equals(object)
                    || r.sent().stream().anyMatch(e -> e.to().equals(object))
                    || r.spawned().stream().anyMatch(sp -> sp.id().equals(object));
            if (involved) {
                lines.addFirst(Format.step(r));
            }
        }
        return List.copyOf(lines);
    }
}
