package bpflife.model;

import bpflife.protocol.ActorId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The invariants of a quiet world (nothing left to deliver), STUCK and LEAK, over its objects'
 * states: one copy of the rules for the deterministic runtime and the live load test's balance check.
 */
public final class Quiescence {
    private Quiescence() {}

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
}
