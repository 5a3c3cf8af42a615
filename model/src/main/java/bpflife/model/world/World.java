package bpflife.model.world;

import bpflife.model.Decision;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.SeqSession;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The modelled world: its {@link Boot} (the kernel's singletons and the scenario's tasks), every
 * object's state, the per-step accounting of who holds what ({@link Accounting}), what each
 * session's readers got, and the {@link Invariants} checked after each step and at quiescence.
 * Runtimes own the delivery: the deterministic runtime keeps one World and hands it each step's
 * outcome; the live runtime's actors take their first states and births from {@link Boot}.
 *
 * <p>Assumptions and guarantees: single-threaded. Objects are kept in creation order and no hash
 * order reaches an output. While {@link #recordUndo recording}, every change is logged, newest
 * last, so that a depth-first search can revert it; a {@link Watcher} hears of every object and
 * dump change (a state interner's incremental view).
 */
public final class World {
    /** Hears what changed: an object made, unmade or given a new state; the dumps. */
    public interface Watcher {
        void object(ActorId id);

        void dumps();
    }

    /** One session's dump as part of the world's state: what its reads returned, the objects shown, EOF. */
    public record DumpKey(String text, int shown, boolean eof) {}

    private final HashMap<ActorId, ObjectState> states = new HashMap<>();
    private final List<ActorId> created = new ArrayList<>();
    private final Function<ActorId, ObjectState> lookup = states::get;
    private final Accounting accounting = new Accounting();
    private final Dumps dumps = new Dumps(this);
    /** The objects the current step touched (reused; repeats are harmless, the checks are idempotent). */
    private final List<ActorId> touched = new ArrayList<>();
    private List<Runnable> undo;
    private Watcher watcher;

    // ---- boot ----

    /** Makes the world's first objects ({@link Boot#objects}); the runtime then sends {@link Boot#start()}. */
    public void boot(Scenario sc) {
        for (ObjectState s : Boot.objects(sc)) {
            add(s);
        }
    }

    // ---- states ----

    public ObjectState state(ActorId id) {
        return states.get(id);
    }

    /** Every object's state, in creation order (a copy). */
    public SequencedMap<ActorId, ObjectState> states() {
        LinkedHashMap<ActorId, ObjectState> out = new LinkedHashMap<>();
        for (ActorId id : created) {
            out.put(id, states.get(id));
        }
        return out;
    }

    /** Every object's state, canonical (by id). */
    public SortedMap<ActorId, ObjectState> statesById() {
        return new TreeMap<>(states);
    }

    /**
     * Replaces an object's state by an equal instance (the one a state interner keeps for it), so
     * that remembered steps are found by identity. Changes nothing else, tells no watcher.
     */
    public void replace(ActorId id, ObjectState equal) {
        states.put(id, equal);
    }

    /** Makes an object (at boot, or a step's spawn). */
    public void add(ObjectState s) {
        if (states.putIfAbsent(s.self(), s) != null) {
            throw new IllegalStateException("object " + s.self() + " made twice");
        }
        changed(s.self());
        created.add(s.self());
        if (undo != null) {
            undo.add(() -> {
                states.remove(s.self());
                changed(s.self());
                created.remove(created.size() - 1);
            });
        }
        for (ActorId h : s.holds()) {
            accounting.holder(h, 1);
        }
    }

    private void set(ActorId id, ObjectState s) {
        states.put(id, s);
        changed(id);
    }

    // ---- a step ----

    /** A message left its sender: the reference it carries and the increment it promises are in flight. */
    public void sent(Msg m) {
        accounting.carried(m.carries(), 1);
        accounting.promised(m.increments(), 1);
        addNonNull(touched, m.carries());
        addNonNull(touched, m.increments());
    }

    /** A message was delivered: what it carried is no longer in flight (the receiver now accounts for it). */
    public void received(Msg m) {
        accounting.carried(m.carries(), -1);
        accounting.promised(m.increments(), -1);
    }

    /**
     * The receiver took a step, {@code before} to {@code after}, on {@code m}: its new state, the
     * holdings it changed, the objects it made. The runtime then reports each message it sends
     * ({@link #sent}), and the step ends with {@link #settle}.
     */
    public void apply(ActorId receiver, Msg m, ObjectState before, Decision d, ObjectState after) {
        List<ActorId> touched = this.touched;
        touched.clear();
        touched.add(receiver);
        addNonNull(touched, m.carries());
        addNonNull(touched, m.increments());
        if (after != before) {
            set(receiver, after);
            if (undo != null) {
                undo.add(() -> set(receiver, before));
            }
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
    }

    /**
     * Ends a step: its reads join their sessions' dumps, then the invariants: a dump read to EOF,
     * the step's own fault, balance and listing on every object it touched. The first breach, or null.
     */
    public Breach settle(ActorId receiver, Decision d, ObjectState after) {
        Breach first = null;
        List<Event> events = d.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Event.SessionRead r && dumps.read(receiver, r) && first == null) {
                first = Invariants.dump((SeqSession.State) after, dumps.text(receiver), dumps.shown(receiver));
            }
        }
        if (first == null && d.fault() != null) {
            first = new Breach(d.fault().invariant(), d.fault().object(), d.fault().detail());
        }
        for (int i = 0; i < touched.size() && first == null; i++) {
            ActorId id = touched.get(i);
            ObjectState s = states.get(id);
            if (Invariants.counted(s)) {
                long expected = accounting.expected(id);
                if (!Invariants.balanced(s, expected)) {
                    first = Invariants.unbalanced(s, expected, holdersOf(id));
                    break;
                }
            }
            first = Invariants.listing(id, s, lookup);
        }
        return first;
    }

    /** The quiescence invariants (nothing left to deliver): STUCK, then LEAK. */
    public Breach quiescence() {
        return Invariants.quiescence(created, lookup);
    }

    /** Who holds {@code id} (a breach's text): the objects, then the messages in flight that carry it. */
    private String holdersOf(ActorId id) {
        List<ObjectState> all = new ArrayList<>(created.size());
        for (ActorId a : created) {
            all.add(states.get(a));
        }
        List<String> names = new ArrayList<>(Invariants.holders(id, all));
        int inFlight = accounting.carried(id);
        if (inFlight > 0) {
            names.add(inFlight == 1 ? "a message in flight" : inFlight + " messages in flight");
        }
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    private static void addNonNull(List<ActorId> s, ActorId a) {
        if (a != null) {
            s.add(a);
        }
    }

    // ---- dumps ----

    /** Per session, the concatenation of the bytes its reads returned. */
    public Map<ActorId, String> dumps() {
        return dumps.texts();
    }

    /** Sessions a read returned EOF for. */
    public Set<ActorId> eof() {
        return dumps.eof();
    }

    /** The dumps as part of the world's state: equal for equal dumps, object counts and EOFs. */
    public SortedMap<ActorId, DumpKey> dumpsKey() {
        return dumps.key();
    }

    // ---- undo and watching ----

    /** From now on, log how to revert every change into {@code log} (the runtime's), newest last. */
    public void recordUndo(List<Runnable> log) {
        undo = log;
        accounting.record();
    }

    boolean recording() {
        return undo != null;
    }

    void log(Runnable revert) {
        undo.add(revert);
    }

    /** The accounting's point in its own log (it logs compactly, apart from the runnables). */
    public int accountingMark() {
        return accounting.mark();
    }

    public void undoAccountingTo(int mark) {
        accounting.undoTo(mark);
    }

    public void watch(Watcher w) {
        watcher = w;
    }

    private void changed(ActorId id) {
        if (watcher != null) {
            watcher.object(id);
        }
    }

    void dumpsChanged() {
        if (watcher != null) {
            watcher.dumps();
        }
    }
}
