package bpflife.model.world;

import bpflife.model.Bpffs;
import bpflife.model.Cgroupfs;
import bpflife.model.DumpCheck;
import bpflife.model.Idr;
import bpflife.model.Invariant;
import bpflife.model.Listed;
import bpflife.model.ObjectState;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Msg;
import bpflife.protocol.SessionTemplate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The invariant catalogue: one function per rule of {@link Invariant}, over object states. The
 * deterministic runtime calls them through {@link World} after every step and at quiescence; the
 * live load test calls the at-rest forms on a quiet world's final states. Each returns what broke
 * as a {@link Breach}, or null (or an empty list) when the rule holds.
 *
 * <ul>
 * <li>free path (USE_AFTER_FREE, DOUBLE_FREE): {@link #freePath}, when a message reaches a freed
 *     object;</li>
 * <li>balance (REFCOUNT_MISMATCH, or USE_AFTER_FREE if freed): {@link #balanced}, {@link #unbalanced}
 *     after each step on the objects it touched; {@link #unbalancedAtRest} on a quiet world;</li>
 * <li>REFCOUNT_UNDERFLOW: the step's own {@code Fault} (the object's put or close);</li>
 * <li>listing (LISTED_WRONG): {@link #listing} after each step on the objects it touched;
 *     {@link #listedWrong} on a quiet world;</li>
 * <li>dump (DUMP_INCOMPLETE): {@link #dump}, when a session's read returns EOF;</li>
 * <li>STUCK: {@link #stuck} at quiescence (a run cut by its step bound is incomplete, not stuck);</li>
 * <li>LEAK: {@link #leaked} at quiescence ({@link #quiescence} checks STUCK, then LEAK).</li>
 * </ul>
 */
public final class Invariants {
    private Invariants() {}

    // ---- free path ----

    /**
     * A message delivered to a freed object: a second free path reaching it (a discard, a release,
     * the IDR's removal, the deferred free work) is a double free; anything else a use after free.
     */
    public static Breach freePath(ActorId receiver, ActorId sender, Msg m) {
        boolean freesAgain = m instanceof Msg.Discard || m instanceof Msg.Release || m instanceof Msg.IdRemoved
                || m instanceof Msg.FreeWork;
        return new Breach(freesAgain ? Invariant.DOUBLE_FREE : Invariant.USE_AFTER_FREE, receiver,
                m.getClass().getSimpleName() + " from " + sender + " delivered to freed " + receiver);
    }

    // ---- balance ----

    /**
     * Whether a counted object's refcount equals the holders the model can name, {@code expected}
     * (holders in states + references carried in flight - increments promised, see {@link Accounting}).
     * Uncounted objects (refcount -1) and absent ones always balance. The hot path: no allocation.
     */
    public static boolean balanced(ObjectState s, long expected) {
        return !counted(s) || s.refcount() == expected;
    }

    /** Whether the balance rule applies to an object: it exists and has a refcount. */
    public static boolean counted(ObjectState s) {
        return s != null && s.refcount() >= 0;
    }

    /** What is wrong with an object that is not {@link #balanced}; {@code holders} names them. */
    public static Breach unbalanced(ObjectState s, long expected, String holders) {
        String what = s.freed() ? "freed while " + holders + " still hold it"
                : "refcount " + s.refcount() + " but " + expected + " holders (" + holders + ")";
        return new Breach(s.freed() ? Invariant.USE_AFTER_FREE : Invariant.REFCOUNT_MISMATCH, s.self(), what);
    }

    /**
     * The balance rule over a quiet world (nothing in flight, so the expected refcount is the
     * number of holders in states), for every object: each that does not balance, and each held
     * object that does not exist.
     */
    public static List<Breach> unbalancedAtRest(SequencedMap<ActorId, ObjectState> states) {
        Map<ActorId, Integer> holders = new HashMap<>();
        for (ObjectState s : states.values()) {
            for (ActorId h : s.holds()) {
                holders.merge(h, 1, Integer::sum);
            }
        }
        List<Breach> wrong = new ArrayList<>();
        for (ObjectState s : states.values()) {
            int h = holders.getOrDefault(s.self(), 0);
            if (!balanced(s, h)) {
                List<String> names = holders(s.self(), states.values());
                wrong.add(unbalanced(s, h, names.isEmpty() ? "nobody" : String.join(", ", names)));
            }
        }
        for (ActorId h : new TreeSet<>(holders.keySet())) {
            if (!states.containsKey(h)) {
                wrong.add(new Breach(Invariant.REFCOUNT_MISMATCH, h, h.key() + " is held but does not exist"));
            }
        }
        return wrong;
    }

    /** Who holds {@code id} among {@code states}, for a breach's text: "task:a", "bpffs x2". */
    public static List<String> holders(ActorId id, Iterable<ObjectState> states) {
        List<String> names = new ArrayList<>();
        for (ObjectState s : states) {
            int n = Collections.frequency(s.holds(), id);
            if (n > 0) {
                names.add(n == 1 ? s.self().key() : s.self().key() + " x" + n);
            }
        }
        return names;
    }

    // ---- listing ----

    /**
     * link show / prog show list exactly the live, settled ids: an IDR lists no freed object, and
     * a freed object is not in its IDR while a live one with an id is. {@code id}'s state is {@code s}.
     */
    public static Breach listing(ActorId id, ObjectState s, Function<ActorId, ObjectState> states) {
        if (s instanceof Idr.State idr) {
            for (var e : idr.entries().entrySet()) {
                ActorId o = e.getValue().object();
                ObjectState os = states.apply(o);
                if (os == null || os.freed()) {
                    return new Breach(Invariant.LISTED_WRONG, o, "freed " + o + " is still listed as "
                            + idr.kind().word() + " id " + e.getKey());
                }
            }
        } else if (s instanceof Listed o) {
            return listed(id, o.idKind(), o.id(), o.freed(), o.listable(), states);
        }
        return null;
    }

    private static Breach listed(ActorId id, IdKind kind, int kernelId, boolean freed, boolean live,
                                 Function<ActorId, ObjectState> states) {
        if (kernelId == 0) {
            return null;
        }
        Idr.Entry e = ((Idr.State) states.apply(kind.idr())).entries().get(kernelId);
        boolean inIdr = e != null && e.object().equals(id);
        if (freed && inIdr) {
            return new Breach(Invariant.LISTED_WRONG, id, "freed " + id + " is still listed as " + kind.word()
                    + " id " + kernelId);
        } else if (live && !inIdr) {
            return new Breach(Invariant.LISTED_WRONG, id, "live " + id + " (" + kind.word() + " id " + kernelId
                    + ") is not listed");
        }
        return null;
    }

    /** The listing rule over every object of a world, in its order. */
    public static List<Breach> listedWrong(SequencedMap<ActorId, ObjectState> states) {
        List<Breach> wrong = new ArrayList<>();
        for (var e : states.entrySet()) {
            Breach b = listing(e.getKey(), e.getValue(), states::get);
            if (b != null) {
                wrong.add(b);
            }
        }
        return wrong;
    }

    // ---- dump ----

    /**
     * A session read to EOF got a complete dump ({@link DumpCheck}): {@code text} is every read's
     * bytes, {@code objects} how many objects its target showed in the last batch (-1: unknown).
     */
    public static Breach dump(SeqSession.State s, String text, int objects) {
        return dump(s.self(), s.template(), s.sessionId(), text, objects);
    }

    /** The dump rule for a session known by what its open returned (the live load test's view). */
    public static Breach dump(ActorId session, SessionTemplate template, long sessionId, String text, int objects) {
        String problem = DumpCheck.problem(text, template, sessionId, objects);
        return problem == null ? null : new Breach(Invariant.DUMP_INCOMPLETE, session, problem);
    }

    // ---- quiescence: stuck, leak ----

    /** The tasks, in {@code ids}' order, that have not exited. */
    public static List<Task.State> stuck(Iterable<ActorId> ids, Function<ActorId, ObjectState> state) {
        List<Task.State> stuck = new ArrayList<>();
        for (ActorId id : ids) {
            if (state.apply(id) instanceof Task.State t && !t.exited()) {
                stuck.add(t);
            }
        }
        return stuck;
    }

    /**
     * The counted objects neither freed nor reachable from a bpffs name, a cgroup directory or a
     * live task's fds (what the kernel could still put).
     */
    public static TreeSet<ActorId> leaked(Iterable<ActorId> ids, Function<ActorId, ObjectState> state) {
        Set<ActorId> reachable = new HashSet<>();
        ArrayDeque<ActorId> todo = new ArrayDeque<>();
        for (ActorId id : ids) {
            ObjectState s = state.apply(id);
            if (s instanceof Bpffs.State || s instanceof Cgroupfs.State || s instanceof Task.State t && !t.exited()) {
                todo.add(id);
            }
        }
        while (!todo.isEmpty()) {
            ActorId a = todo.poll();
            ObjectState s = state.apply(a);
            if (s != null && reachable.add(a)) {
                todo.addAll(s.holds());
            }
        }
        TreeSet<ActorId> leaked = new TreeSet<>();
        for (ActorId id : ids) {
            ObjectState s = state.apply(id);
            if (s.refcount() >= 0 && !s.freed() && !reachable.contains(id)) {
                leaked.add(id);
            }
        }
        return leaked;
    }

    /** At quiescence: every task exited (else STUCK on the first that did not), then nothing leaked. */
    public static Breach quiescence(Iterable<ActorId> ids, Function<ActorId, ObjectState> state) {
        List<Task.State> stuck = stuck(ids, state);
        if (!stuck.isEmpty()) {
            Task.State t = stuck.getFirst();
            return new Breach(Invariant.STUCK, t.self(), t.self() + " never finished: it is in '"
                    + (t.call() == null ? "nothing" : t.call().getClass().getSimpleName())
                    + "' and nothing is left to deliver");
        }
        TreeSet<ActorId> leaked = leaked(ids, state);
        return leaked.isEmpty() ? null : new Breach(Invariant.LEAK, leaked.first(),
                "not freed and not reachable from an fd table or a bpffs name: " + leaked);
    }
}
