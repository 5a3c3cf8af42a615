package bpflife.loadtest;

import bpflife.loadtest.report.Check;
import bpflife.model.Idr;
import bpflife.model.ObjectState;
import bpflife.model.Quiescence;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The model's invariants over a quiet world's final state, as the deterministic runtime checks
 * them at quiescence (STUCK and LEAK are the model's {@link Quiescence} rules): nothing is in flight
 * then, so every refcount must equal the references the objects themselves hold. Each check names
 * every object that broke it, where the runtime stops at the first violation.
 */
final class Balance {
    private Balance() {}

    private static final int SHOW = 5;

    static List<Check> of(SequencedMap<ActorId, ObjectState> states) {
        return List.of(exited(states), refcounts(states), leaks(states), freedListed(states));
    }

    /** Every task that started has exited (a task that never got its start is not in the world). */
    static Check exited(SequencedMap<ActorId, ObjectState> states) {
        List<String> stuck = new ArrayList<>();
        for (Task.State t : Quiescence.stuck(states.keySet(), states::get)) {
            stuck.add(t.self().key() + (t.call() == null ? " (" + t.status() + ")" : " (in " + Ops.of(t.call()) + ")"));
        }
        long tasks = states.values().stream().filter(s -> s instanceof Task.State).count();
        return new Check("every task exited", stuck.isEmpty(), stuck.isEmpty() ? tasks + " tasks, all exited"
                : stuck.size() + " of " + tasks + " tasks never finished: " + first(stuck));
    }

    /** Every counted object's refcount equals the references the final states hold on it. */
    static Check refcounts(SequencedMap<ActorId, ObjectState> states) {
        Map<ActorId, Integer> holders = new HashMap<>();
        for (ObjectState s : states.values()) {
            for (ActorId h : s.holds()) {
                holders.merge(h, 1, Integer::sum);
            }
        }
        List<String> wrong = new ArrayList<>();
        int counted = 0;
        for (ObjectState s : states.values()) {
            if (s.refcount() < 0) {
                continue;
            }
            counted++;
            int h = holders.getOrDefault(s.self(), 0);
            if (s.refcount() != h) {
                wrong.add(s.self().key() + (s.freed() ? " freed while " + h + " hold it"
                        : " refcount " + s.refcount() + ", " + h + " holders"));
            }
        }
        for (ActorId h : holders.keySet()) {
            if (!states.containsKey(h)) {
                wrong.add(h.key() + " is held but does not exist");
            }
        }
        wrong.sort(null);
        return new Check("refcounts equal holders", wrong.isEmpty(), wrong.isEmpty()
                ? counted + " counted objects balance" : wrong.size() + " objects do not: " + first(wrong));
    }

    /** Everything not freed is reachable from a bpffs name, a cgroup directory or a live task's fds. */
    static Check leaks(SequencedMap<ActorId, ObjectState> states) {
        List<String> leaked = Quiescence.leaked(states.keySet(), states::get).stream().map(ActorId::key).toList();
        long freed = states.values().stream().filter(ObjectState::freed).count();
        return new Check("nothing leaked", leaked.isEmpty(), leaked.isEmpty()
                ? freed + " objects freed, the rest reachable from bpffs or a task"
                : leaked.size() + " objects neither freed nor reachable: " + first(leaked));
    }

    /** No IDR (what link show / prog show walk) lists a freed object. */
    static Check freedListed(SequencedMap<ActorId, ObjectState> states) {
        List<String> wrong = new ArrayList<>();
        int listed = 0;
        for (ObjectState s : states.values()) {
            if (s instanceof Idr.State idr) {
                for (var e : idr.entries().entrySet()) {
                    listed++;
                    ObjectState o = states.get(e.getValue().object());
                    if (o == null || o.freed()) {
                        wrong.add(idr.kind().word() + " id " + e.getKey() + " lists freed " + e.getValue().object().key());
                    }
                }
            }
        }
        return new Check("no freed object listed", wrong.isEmpty(), wrong.isEmpty()
                ? listed + " ids listed, all live" : first(wrong));
    }

    /** Sessions in the final state: how many, and how many not released yet. */
    record Sessions(long all, long alive) {}

    static Sessions sessions(SequencedMap<ActorId, ObjectState> states) {
        long all = 0;
        long alive = 0;
        for (ObjectState s : states.values()) {
            if (s instanceof SeqSession.State ss) {
                all++;
                if (!ss.freed()) {
                    alive++;
                }
            }
        }
        return new Sessions(all, alive);
    }

    static String first(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(SHOW, items.size())))
                + (items.size() > SHOW ? "; ... " + (items.size() - SHOW) + " more" : "");
    }
}
