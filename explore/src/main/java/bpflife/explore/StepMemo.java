package bpflife.explore;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.HashMap;
import java.util.IdentityHashMap;

/**
 * The steps already taken in an exhaustive search, by the receiver's state and the message (both
 * by identity: a {@link StateInterner} hands back one instance per distinct state, and a
 * remembered step sends the same message instances again): the decision and the state after. The
 * stepper is a pure function of the state, the sender and the message, so the same step met again
 * in another interleaving is not computed again and yields the same instances.
 */
final class StepMemo {
    /** One remembered step; entries for the same state form a list. */
    static final class Entry {
        final ActorId sender;
        final Msg msg;
        final Decision decision;
        final ObjectState after;
        final Entry next;
        /** {@link #movesReferencesOnly}'s answer once known: 0 unknown, 1 yes, 2 no. */
        byte movesOnly;
        /** {@link #invisible}'s answer for a kernel object once known: 0 unknown, 1 yes, 2 no. */
        byte invisible;
        /** Whether the step has a read returning EOF (its dump is then checked); known once {@link #invisible} is. */
        boolean eof;

        Entry(ActorId sender, Msg msg, Decision decision, ObjectState after, Entry next) {
            this.sender = sender;
            this.msg = msg;
            this.decision = decision;
            this.after = after;
            this.next = next;
        }
    }

    private final Env env;
    private final Stepper stepper;
    private final IdentityHashMap<ObjectState, Entry> memo = new IdentityHashMap<>();

    StepMemo(Env env, Stepper stepper) {
        this.env = env;
        this.stepper = stepper;
    }

    /** The step from {@code before} on {@code m}: the remembered one, else computed and remembered. */
    Entry step(ObjectState before, ActorId sender, Msg m) {
        Entry first = memo.get(before);
        for (Entry e = first; e != null; e = e.next) {
            if (e.msg == m && e.sender.equals(sender)) {
                return e;
            }
        }
        Decision d = stepper.step(env, before, sender, m);
        Entry e = new Entry(sender, m, d, Kernel.applyAll(before, d.events()), first);
        memo.put(before, e);
        return e;
    }

    /**
     * Whether delivering {@code m} from {@code sender} to an object in state {@code before} would
     * only move references: a step of a task (no refcount of its own, no listing, no dump) after
     * which every object that exists now has the same expected refcount (holders + references
     * carried - increments promised, see {@code bpflife.model.world.Accounting}) as before, e.g. a
     * reference passed from a reply into the fd table. Such a step cannot change the verdict of any
     * invariant on the objects that exist before it. A pure function of the step, so remembered with it.
     */
    boolean movesReferencesOnly(ObjectState before, ActorId sender, Msg m) {
        if (!(before instanceof Task.State)) {
            return false;
        }
        Entry e = step(before, sender, m);
        if (e.movesOnly == 0) {
            e.movesOnly = movesOnly(before, m, e.decision, e.after) ? (byte) 1 : (byte) 2;
        }
        return e.movesOnly == 1;
    }

    /**
     * Whether the delivery is invisible to every invariant, for any receiver: a task's that only
     * moves references ({@link #movesReferencesOnly}), or a kernel object's that commits no
     * fault (a read returning EOF: whose dump check passes, see {@link #endsDump}), does not change what bpftool's listing reads of it (its kernel id,
     * whether it is listable; freeing it is allowed: the persistent sets that use this hold no
     * object the IDR names, see {@link Knowledge}, and nothing else reads whether an object other
     * than a message's receiver is freed), and changes no object's balance: every
     * existing object's refcount minus its expected refcount (holders + carried - promised) is
     * as before (an increment granted and carried to the requester changes both alike). Every
     * invariant checked after a step reads only those (balance, listing, the step's fault, the
     * dump at EOF), so the argument of docs/ARCHITECTURE.md for tasks holds word for word: the
     * skipped worlds (others first) and the explored ones (this delivery first) give every
     * invariant the same value.
     */
    boolean invisible(ObjectState before, ActorId sender, Msg m, EofCheck eofPasses) {
        if (before instanceof Task.State) {
            return movesReferencesOnly(before, sender, m);
        }
        if (before.freed()) {
            return false;
        }
        Entry e = step(before, sender, m);
        if (e.invisible == 0) {
            e.eof = endsDump(e.decision);
            e.invisible = balancedMove(before, m, e.decision, e.after) ? (byte) 1 : (byte) 2;
        }
        return e.invisible == 1 && (!e.eof || eofPasses.passes(before.self(), e.after, e.decision.events()));
    }

    /**
     * Whether a read returning EOF passes its dump check (DUMP_INCOMPLETE) in the current world:
     * the check reads the session's dump so far, which is the world's, not the step's, so the
     * search answers it (a pure function of the world, like everything that picks a persistent set).
     */
    interface EofCheck {
        boolean passes(ActorId session, ObjectState after, java.util.List<bpflife.protocol.Event> events);
    }

    private static boolean balancedMove(ObjectState before, Msg m, Decision d, ObjectState after) {
        if (d.fault() != null) {
            return false;
        }
        if (before instanceof bpflife.model.Listed a && (!(after instanceof bpflife.model.Listed b)
                || a.id() != b.id() || a.listable() != b.listable())) {
            return false;
        }
        HashMap<ActorId, Integer> net = expectedChange(before, m, d, after);
        long own = before.refcount() < 0 ? 0 : after.refcount() - before.refcount();
        if (own != net.getOrDefault(before.self(), 0)) {
            return false;
        }
        for (var x : net.entrySet()) {
            if (x.getValue() != 0 && !x.getKey().equals(before.self())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the reads of a step to {@code session} pass the dump check {@code World.settle}
     * makes at the session's first EOF, in {@code world} as it is before the step: the step's
     * reads appended to the dump so far, as {@code Dumps.read} does, checked when the first EOF
     * comes (ScaleSearchTest checks that this agrees with the runtime).
     */
    static boolean dumpPasses(bpflife.model.world.World world, ActorId session, ObjectState after,
                              java.util.List<bpflife.protocol.Event> events) {
        bpflife.model.world.World.DumpKey dump = world.dumpsKey().get(session);
        if (dump != null && dump.eof()) {
            return true; // checked at its first EOF already: no read of it is checked again
        }
        StringBuilder text = new StringBuilder(dump == null ? "" : dump.text());
        int shown = dump == null ? -1 : dump.shown();
        for (bpflife.protocol.Event ev : events) {
            if (ev instanceof bpflife.protocol.Event.SessionRead r) {
                text.append(r.returned());
                shown = r.objects() >= 0 ? r.objects() : shown;
                if (r.returned().isEmpty() && r.ended()) {
                    return bpflife.model.world.Invariants.dump((bpflife.model.SeqSession.State) after, text.toString(),
                            shown) == null;
                }
            }
        }
        return true;
    }

    /**
     * Whether the step has a read that returns EOF: the read whose dump {@code World.settle} checks
     * (DUMP_INCOMPLETE; a later EOF read of the same session is not checked again, and taking it
     * for one only makes the set smaller). Every other read only appends to its session's own
     * dump, which nothing but that session's checked EOF read looks at: invisible to the
     * invariants like any other balanced move. The EOF read is invisible when its check passes
     * (then it commits no violation either; {@link EofCheck}). Issue 13: reads were all taken
     * as visible, which kept every reader's read out of the persistent sets.
     */
    static boolean endsDump(Decision d) {
        for (bpflife.protocol.Event ev : d.events()) {
            if (ev instanceof bpflife.protocol.Event.SessionRead r && r.returned().isEmpty() && r.ended()) {
                return true;
            }
        }
        return false;
    }

    private static boolean movesOnly(ObjectState before, Msg m, Decision d, ObjectState after) {
        if (d.fault() != null || before.refcount() != after.refcount()) {
            return false;
        }
        for (int v : expectedChange(before, m, d, after).values()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** How the step changes each existing object's expected refcount (holders + carried - promised). */
    private static HashMap<ActorId, Integer> expectedChange(ObjectState before, Msg m, Decision d, ObjectState after) {
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
        return net;
    }
}
