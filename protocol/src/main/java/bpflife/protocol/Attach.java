package bpflife.protocol;

/**
 * Attach-time parameters of an iterator link (bpf_iter_link_info) as resolved by the kernel:
 * the map the link holds with a uref, the cgroup it holds, or the task number it stores.
 *
 * @param map     bpf_map_elem: the map (link holds a uref), else null
 * @param mapId   that map's kernel id (bpftool's map_id), else 0
 * @param cgroup  cgroup iterator: the cgroup (link holds a ref), else null; null with an order
 *                is the root cgroup (no cgroup fd nor id: bpf_iter_attach_cgroup() walks from "/")
 * @param order   cgroup walk order, else null
 * @param tid     task iterators: a tid (a number, no reference), or 0 for all tasks
 * @param task    task iterators: the scenario task whose tid was given ({@code tid NAME}), else null
 *                (the link stores only the number; the name says which modelled task it is)
 * @param pid     task iterators: a process (aux->task.pid of BPF_TASK_ITER_TGID, from
 *                link_info.task.pid or .pid_fd), or 0
 * @param own     the tid or pid is the creating task's own process (the model's tasks have no
 *                pids; tid/pid is then its synthetic pid, Scenario.pidOf): the dump shows
 *                that one task; any other number names no task of the model's world
 */
public record Attach(ActorId.MapId map, int mapId, ActorId.CgroupId cgroup, CgroupOrder order, int tid,
                     ActorId.TaskId task, int pid, boolean own) {
    public static final Attach NONE = new Attach(null, 0, null, null, 0);

    public Attach(ActorId.MapId map, int mapId, ActorId.CgroupId cgroup, CgroupOrder order, int tid) {
        this(map, mapId, cgroup, order, tid, null, 0, false);
    }

    public Attach(ActorId.MapId map, int mapId, ActorId.CgroupId cgroup, CgroupOrder order, int tid,
                  ActorId.TaskId task) {
        this(map, mapId, cgroup, order, tid, task, 0, false);
    }

    /** A task iterator with a tid, pid or pid_fd filter: the dump shows at most one process. */
    public boolean filtered() {
        return tid != 0 || pid != 0;
    }
}
