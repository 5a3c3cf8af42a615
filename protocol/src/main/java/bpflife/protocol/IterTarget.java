package bpflife.protocol;

/**
 * The iterator targets the model knows (bpf_iter_reg_target names). Each says what its link holds
 * from attach time and what its session pins for itself in init_seq_private (kernel-semantics §5).
 */
public enum IterTarget {
    TASK("task", true),
    TASK_FILE("task_file", true),
    BPF_MAP("bpf_map", false),
    BPF_MAP_ELEM("bpf_map_elem", false),
    CGROUP("cgroup", false);

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
