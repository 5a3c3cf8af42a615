package bpflife.protocol;

/**
 * The iterator targets the model knows (bpf_iter_reg_target names). A link holds what its
 * target's attach_target took (a map uref in kernel/bpf/map_iter.c bpf_iter_attach_map(), a cgroup
 * in kernel/bpf/cgroup_iter.c bpf_iter_attach_cgroup(), only numbers for the task targets); a
 * session never holds the link, so it pins for itself in init_seq_private what its reads use (a
 * map uref in kernel/bpf/hashtab.c bpf_iter_init_hash_map(), the start css in cgroup_iter.c
 * cgroup_iter_seq_init()).
 */
public enum IterTarget {
    TASK("task", true),
    TASK_FILE("task_file", true),
    // kernel/bpf/task_iter.c: one object per vma of each task, holding the task, its mm
    // (get_task_mm, since B6's fix) and the mmap read lock from next() to stop()
    TASK_VMA("task_vma", true),
    BPF_MAP("bpf_map", false),
    BPF_MAP_ELEM("bpf_map_elem", false),
    // kernel/bpf/cgroup_iter.c registers with .feature = BPF_ITER_RESCHED: a sleepable cgroup
    // iterator attaches (measured on 6.18: scenarios/cgroup-sleepable.scn)
    CGROUP("cgroup", true);

    private final String kernelName;
    private final boolean resched;

    IterTarget(String kernelName, boolean resched) {
        this.kernelName = kernelName;
        this.resched = resched;
    }

    /** The target_name bpftool prints. */
    public String kernelName() {
        return kernelName;
    }

    /** BPF_ITER_RESCHED: only such targets accept sleepable programs. */
    public boolean resched() {
        return resched;
    }

    public static IterTarget byKernelName(String name) {
        for (IterTarget t : values()) {
            if (t.kernelName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
