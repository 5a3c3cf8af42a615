package bpflife.model.world;

import bpflife.model.Bpffs;
import bpflife.model.Cgroupfs;
import bpflife.model.Idr;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.SessionCounter;
import bpflife.model.Sync;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How a world starts, written once: the kernel's singletons and their initial states, the
 * scenario's boot tasks and their births, and the world's own first message (the setup task's
 * start). The deterministic runtime boots its {@link World} from it, the live actors take their
 * initial states, births and the start from it, and the audit's {@link Projection} folds from it.
 */
public final class Boot {
    private Boot() {}

    /** The state an object has before any message: the singletons' initial states; null (unborn) for the rest. */
    public static ObjectState initial(ActorId id) {
        if (!(id instanceof ServiceId s)) {
            return null;
        }
        return switch (s.service()) {
            case PROG_IDR -> Idr.initial(IdKind.PROG);
            case LINK_IDR -> Idr.initial(IdKind.LINK);
            case MAP_IDR -> Idr.initial(IdKind.MAP);
            case SESSION_COUNTER -> SessionCounter.initial();
            case BPFFS -> Bpffs.initial();
            case CGROUPFS -> Cgroupfs.initial();
            case SYNC -> Sync.initial();
            case WORLD -> null;
        };
    }

    /** The kernel's singletons, in the order the world makes them. */
    public static List<ActorId> singletons() {
        return List.of(ActorId.PROG_IDR, ActorId.LINK_IDR, ActorId.MAP_IDR, ActorId.SESSION_COUNTER, ActorId.BPFFS,
                ActorId.CGROUPFS, ActorId.SYNC);
    }

    /** The tasks a world starts with: setup, then the scenario's tasks that are not forked. */
    public static List<TaskId> bootTasks(Scenario sc) {
        List<TaskId> tasks = new ArrayList<>();
        tasks.add(new TaskId(Scenario.SETUP));
        for (TaskDef t : sc.tasks()) {
            if (!t.forked()) {
                tasks.add(new TaskId(t.name()));
            }
        }
        return tasks;
    }

    /** The birth of a boot task. */
    public static Event.TaskCreated birth(TaskId task) {
        return new Event.TaskCreated(task, false);
    }

    /** The task the world's own first message goes to: setup. */
    public static TaskId firstTask() {
        return new TaskId(Scenario.SETUP);
    }

    /** The world's own first message (sent by {@link ActorId#WORLD}): the setup task's start. */
    public static Msg.Start start() {
        return new Msg.Start(new TreeMap<>());
    }

    /** The objects a world starts with, in creation order: the singletons, then the boot tasks. */
    public static List<ObjectState> objects(Scenario sc) {
        List<ObjectState> out = new ArrayList<>();
        for (ActorId id : singletons()) {
            out.add(initial(id));
        }
        for (TaskId t : bootTasks(sc)) {
            out.add(Kernel.born(birth(t)));
        }
        return out;
    }
}
