package bpflife.model.scenario;

import bpflife.protocol.Attach;
import bpflife.protocol.SessionTemplate;

/**
 * Pid namespaces ({@code task NAME pidns:}), as the kernel reads a task iterator link's number
 * (kernel/bpf/task_iter.c; measured on 6.18.44, scenarios/task-pidns.scn):
 * <ul>
 *   <li>a link stores the tid or pid as a number, and {@code pid_fd} becomes the pid of the
 *       attacher's namespace; so {@code self} in a task of its own namespace is 1;</li>
 *   <li>a session reads that number in the <em>opener's</em> active namespace
 *       (init_seq_pidns()): inside a task's own namespace 1 is that task and no other number names
 *       a task, and an unfiltered walk shows only that task; outside it, the number 1 is the host's
 *       init, a task the model's world does not have.</li>
 * </ul>
 * Tasks without {@code pidns} share the host's namespace, where nothing changes.
 */
public final class PidNamespaces {
    private PidNamespaces() {}

    /** The number {@code tid self}, {@code pid self} and {@code pid_fd self} give: 1 in a namespace of its own. */
    public static int selfNumber(Scenario sc, String task) {
        TaskDef d = sc.task(task);
        return d != null && d.pidns() ? TaskDef.PIDNS_SELF : sc.pidOf(task);
    }

    /**
     * The session template as the opening task's namespace reads its link's filter; the same
     * instance when the namespace changes nothing (every scenario without {@code pidns}).
     */
    public static SessionTemplate asSeenBy(Scenario sc, String opener, SessionTemplate t) {
        Attach a = t.attach();
        Attach seen = seenBy(sc, opener, a);
        return seen == a ? t : new SessionTemplate(t.link(), t.target(), seen, t.prog(), t.progInfo());
    }

    static Attach seenBy(Scenario sc, String opener, Attach a) {
        TaskDef d = sc.task(opener);
        int number = a.tid() != 0 ? a.tid() : a.pid();
        if (d != null && d.pidns()) {
            // the opener's namespace holds the opener alone, as pid 1
            boolean itself = a.task() == null && (!a.filtered() || number == TaskDef.PIDNS_SELF);
            return itself ? new Attach(a.map(), a.mapId(), a.cgroup(), a.order(), TaskDef.PIDNS_SELF, null, 0, true)
                    : new Attach(a.map(), a.mapId(), a.cgroup(), a.order(), Integer.MAX_VALUE, null, 0, false);
        }
        if (a.own() && number == TaskDef.PIDNS_SELF && hasPidns(sc)) {
            // a task of its own namespace made it with self: 1 here is the host's init, not in the model's world
            return new Attach(a.map(), a.mapId(), a.cgroup(), a.order(), a.tid(), null, a.pid(), false);
        }
        return a;
    }

    private static boolean hasPidns(Scenario sc) {
        return sc.tasks().stream().anyMatch(TaskDef::pidns);
    }
}
