package bpflife.protocol;

/** What a system call wants from an fd (the kernel's bpf_*_get_from_fd flavours). */
public enum Want {
    /** bpf_prog_get: a prog fd, else EINVAL. */
    PROG,
    /** bpf_link_get_from_fd: a link fd, else EINVAL. */
    LINK,
    /** bpf_map_get_with_uref: a map fd, else EINVAL. */
    MAP,
    /** cgroup_v1v2_get_from_fd: a cgroup directory, else EBADF. */
    CGROUP,
    /** bpf_fd_probe_obj (OBJ_PIN): map, prog or link, else EINVAL. */
    ANY_BPF,
    /** No reference: just say what the fd is (detach). */
    KIND_ONLY
}
