package bpflife.loadtest;

import bpflife.loadtest.report.Check;
import bpflife.model.Idr;
import bpflife.model.ObjectState;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.model.world.Breach;
import bpflife.model.world.Invariants;
import bpflife.protocol.ActorId;
import java.util.ArrayList;
import java.util.List;
import java.util.SequencedMap;

/**
 * The model's invariants over a quiet world's final state, each the model's rule of the
 * {@link Invariants} catalogue, as the deterministic runtime checks them at quiescence: nothing is in flight
 * then, so every refcount must equal the references the objects themselves hold. Each check names
 * every object that broke it, where the runtime stops at the first violation.
 */
final class Balance {
    private Balance() {}

    private static final int SHOW = 5;

    static List<Check> of(SequencedMap<ActorId, ObjectState> states) {
        return of(states, java.util.Collections.emptySortedMap());
    }

    /**
     * The checks over {@code states} and the gone objects the world only counted ({@code counted},
     * by kind: {@code LiveWorld#goneCounted}): each freed with a zero refcount and holding nothing,
     * so it balances and leaks nothing by itself; it is counted in the numbers the checks show.
     */
    static List<Check> of(SequencedMap<ActorId, ObjectState> states, java.util.SortedMap<String, Long> counted) {
        long n = total(counted);
        return List.of(exited(states), refcounts(states, n), leaks(states, n), freedListed(states));
    }

    /** How many gone objects were only counted. */
    static long total(java.util.SortedMap<String, Long> counted) {
        return counted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every task that started has exited (a task that never got its start is not in the world). */
    static Check exited(SequencedMap<ActorId, ObjectState> states) {
        List<String> stuck = new ArrayList<>();
        for (Task.State t : Invariants.stuck(states.keySet(), states::get)) {
            stuck.add(t.self().key() + (t.call() == null ? " (" + t.status() + ")" : " (in " + Ops.of(t.call()) + ")"));
        }
        long tasks = states.values().stream().filter(s -> s instanceof Task.State).count();
        return new Check("every task exited", stuck.isEmpty(), stuck.isEmpty() ? tasks + " tasks, all exited"
                : stuck.size() + " of " + tasks + " tasks never finished: " + first(stuck));
    }

    /** Every counted object's refcount equals the references the final states hold on it (the model's balance rule). */
    static Check refcounts(SequencedMap<ActorId, ObjectState> states) {
        return refcounts(states, 0);
    }

    private static Check refcounts(SequencedMap<ActorId, ObjectState> states, long alsoCounted) {
        List<String> wrong = new ArrayList<>();
        for (Breach br : Invariants.unbalancedAtRest(states)) {
            wrong.add(br.object().key() + ": " + br.detail());
        }
        wrong.sort(null);
        long counted = states.values().stream().filter(s -> s.refcount() >= 0).count() + alsoCounted;
        return new Check("refcounts equal holders", wrong.isEmpty(), wrong.isEmpty()
                ? counted + " counted objects balance" : wrong.size() + " objects do not: " + first(wrong));
    }

    /** Everything not freed is reachable from a bpffs name, a cgroup directory or a live task's fds. */
    static Check leaks(SequencedMap<ActorId, ObjectState> states) {
        return leaks(states, 0);
    }

    private static Check leaks(SequencedMap<ActorId, ObjectState> states, long alsoFreed) {
        List<String> leaked = Invariants.leaked(states.keySet(), states::get).stream().map(ActorId::key).toList();
        long freed = states.values().stream().filter(ObjectState::freed).count() + alsoFreed;
        return new Check("nothing leaked", leaked.isEmpty(), leaked.isEmpty()
                ? freed + " objects freed, the rest reachable from bpffs or a task"
                : leaked.size() + " objects neither freed nor reachable: " + first(leaked));
    }

    /** link show / prog show list exactly the live ids: no IDR lists a freed object (the model's listing rule). */
    static Check freedListed(SequencedMap<ActorId, ObjectState> states) {
        List<String> wrong = Invariants.listedWrong(states).stream().map(Breach::detail).toList();
        long listed = states.values().stream()
                .mapToLong(s -> s instanceof Idr.State idr ? idr.entries().size() : 0).sum();
        return new Check("no freed object listed", wrong.isEmpty(), wrong.isEmpty()
                ? listed + " ids listed, all live" : first(wrong));
    }

    /** Sessions in the final state: how many, and how many not released yet. */
    record Sessions(long all, long alive) {}

    static Sessions sessions(SequencedMap<ActorId, ObjectState> states) {
        return sessions(states, java.util.Collections.emptySortedMap());
    }

    /** ... and the sessions only counted (each freed: released). */
    static Sessions sessions(SequencedMap<ActorId, ObjectState> states, java.util.SortedMap<String, Long> counted) {
        long all = counted.getOrDefault("SeqSession", 0L);
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
