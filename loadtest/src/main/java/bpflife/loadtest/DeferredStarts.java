package bpflife.loadtest;

import bpflife.actors.Command;
import bpflife.actors.StartGate;
import bpflife.actors.LiveWorld;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The load test's start gate: the driver chooses when each of the workload's tasks starts. The
 * {@link bpflife.protocol.Msg.Start} that setup (or a forking parent) sends such a task is kept,
 * still counted in flight so the world is not quiet, until {@link #start} lets it through; the task
 * is born then, not at boot. The journal is the same as if the start had been slow to arrive, so a
 * replay follows it.
 */
final class DeferredStarts implements StartGate {
    private final LiveWorld world;
    private final Set<ActorId> deferred;
    /** Deferred tasks that a fork makes (born by the forking step, not by the driver). */
    private final Set<ActorId> forked;
    private final HashSet<ActorId> released = new HashSet<>();
    private final HashMap<ActorId, Command> held = new HashMap<>();
    private boolean dropped;

    /** The gate for {@code tasks} of {@code world}, set as its gate; make it before the world boots. */
    DeferredStarts(LiveWorld world, Collection<TaskId> tasks) {
        this.world = world;
        this.deferred = Set.copyOf(tasks);
        Set<ActorId> f = new HashSet<>();
        for (TaskDef t : world.env().scenario().tasks()) {
            if (t.forked() && deferred.contains(new TaskId(t.name()))) {
                f.add(new TaskId(t.name()));
            }
        }
        this.forked = Set.copyOf(f);
        world.gate(this);
    }

    @Override
    public synchronized boolean keep(TaskId to, Command start) {
        if (!deferred.contains(to) || released.contains(to) || dropped) {
            return false;
        }
        world.hold();
        held.put(to, start);
        return true;
    }

    /**
     * Births deferred task {@code t} (unless a fork makes it) and lets its start through: at once
     * if its starter (setup, or the forking parent) has sent it, else when it does. Each task
     * once; false if it was started or dropped already.
     */
    boolean start(TaskId t) {
        Command start;
        synchronized (this) {
            if (!deferred.contains(t) || dropped || !released.add(t)) {
                return false;
            }
            start = held.remove(t);
        }
        if (!forked.contains(t)) {
            world.tell(t, new Command.Born(Boot.birth(t)));
        }
        if (start != null) {
            world.registry().tell(t, start); // counted in flight when it was kept
        }
        return true;
    }

    /**
     * Gives up the deferred tasks not started yet (their starts are never delivered: a task setup
     * starts stays unborn, a forked one stays created; the world can become quiet); returns how
     * many. Call once setup has exited.
     */
    int drop() {
        List<ActorId> gone;
        synchronized (this) {
            dropped = true;
            gone = new ArrayList<>(held.keySet());
            held.clear();
        }
        for (int i = 0; i < gone.size(); i++) {
            world.release();
        }
        return gone.size();
    }
}
