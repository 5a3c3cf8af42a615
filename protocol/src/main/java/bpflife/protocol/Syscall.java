package bpflife.protocol;

import java.util.List;

/**
 * The system calls a scenario task can issue, one at a time, as a thread does. Operands are the
 * task's fd variables (resolved to fd numbers when the call is issued) and bpffs paths.
 * A call with a {@code result} binds that variable to the fd it returns.
 */
public sealed interface Syscall {

    /** The variable this call binds on success, or null. */
    default String result() {
        return null;
    }

    /** The fd variables this call reads. */
    default List<String> uses() {
        return List.of();
    }

    /**
     * BPF_PROG_LOAD of an iterator program that prints one line per object (padded to pad bytes)
     * and then returns {@code ret} (0, or 1: the iterator's "stop" or "retry", per target);
     * {@code map} is the fd variable of a map the program uses (its instructions load the map's
     * fd, which the verifier turns into a reference the prog holds), else null.
     */
    record ProgLoad(String result, String name, IterTarget target, int pad, boolean sleepable, int ret, String map)
            implements Syscall {
        public ProgLoad(String result, String name, IterTarget target, int pad, boolean sleepable, int ret) {
            this(result, name, target, pad, sleepable, ret, null);
        }

        public ProgLoad(String result, String name, IterTarget target, int pad, boolean sleepable) {
            this(result, name, target, pad, sleepable, 0, null);
        }

        public List<String> uses() {
            return map == null ? List.of() : List.of(map);
        }
    }

    /** BPF_MAP_CREATE. */
    record MapCreate(String result, MapType type, int entries) implements Syscall {}

    /**
     * BPF_LINK_CREATE for an iterator, with attach-time map / cgroup / tid; {@code fault} injects
     * a failure inside bpf_link_prime, else null; {@code tidTask} names the scenario task whose
     * thread id is the tid ({@code tid NAME}), else null. {@code tid} and {@code pid} are a number,
     * 0 for none, or {@link #SELF}: the calling task's own process. {@code map}, {@code cgroup} and
     * {@code pidFd} are fd variables, or {@link #BAD_FD} for the fd -1; {@code pidFd} may also be
     * {@link #SELF_PIDFD} (a pidfd of the calling task's process, opened for the call).
     * {@code cgroupId} is a cgroup's name (its id), else null.
     */
    record LinkCreate(String result, String prog, String map, String cgroup, CgroupOrder order, int tid,
                      PrimeFault fault, String tidTask, int pid, String pidFd, String cgroupId) implements Syscall {
        /** tid or pid: the calling task's process. */
        public static final int SELF = -1;
        /** The fd -1 as an operand (never a variable name: variables start with a letter). */
        public static final String BAD_FD = "-1";
        /** pid_fd: a pidfd of the calling task's own process. */
        public static final String SELF_PIDFD = "self";

        public LinkCreate(String result, String prog, String map, String cgroup, CgroupOrder order, int tid,
                          PrimeFault fault) {
            this(result, prog, map, cgroup, order, tid, fault, null, 0, null, null);
        }

        public LinkCreate(String result, String prog, String map, String cgroup, CgroupOrder order, int tid,
                          PrimeFault fault, String tidTask) {
            this(result, prog, map, cgroup, order, tid, fault, tidTask, 0, null, null);
        }

        public List<String> uses() {
            return nonNull(prog, variable(map), variable(cgroup), variable(pidFd));
        }

        private static String variable(String operand) {
            return BAD_FD.equals(operand) || SELF_PIDFD.equals(operand) ? null : operand;
        }
    }

    /** A failure injected inside bpf_link_prime() (kernel/bpf/syscall.c). */
    enum PrimeFault {
        /** bpf_link_alloc_id() fails: the id allocation. */
        IDR,
        /** anon_inode_getfile() fails: the link's file. */
        FILE
    }

    /** BPF_OBJ_PIN. */
    record ObjPin(String fd, String path) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    /** BPF_OBJ_GET; {@code flags} is attr->file_flags (BPF_F_RDONLY 8, BPF_F_WRONLY 16, or 0). */
    record ObjGet(String result, String path, int flags) implements Syscall {
        public static final int RDONLY = 8;
        public static final int WRONLY = 16;

        public ObjGet(String result, String path) {
            this(result, path, 0);
        }
    }

    /** open(2) of a pinned iterator: a named session, opened with {@code mode}. */
    record Open(String result, String path, FileMode mode) implements Syscall {
        public Open(String result, String path) {
            this(result, path, FileMode.RDONLY);
        }
    }

    /** BPF_ITER_CREATE: an anonymous session; {@code flags} is attr->iter_create.flags. */
    record IterCreate(String result, String link, int flags) implements Syscall {
        public IterCreate(String result, String link) {
            this(result, link, 0);
        }

        public List<String> uses() { return List.of(link); }
    }

    /** write(2) of count bytes (no file of the model has a write operation). */
    record Write(String fd, int count) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    /** lseek(2) to offset from the start (SEEK_SET). */
    record Lseek(String fd, int offset) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    /** read(2) of count bytes; with untilEof, repeated until it returns 0 or fails. */
    record Read(String fd, int count, boolean untilEof) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    record Close(String fd) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    record Unlink(String path) implements Syscall {}

    record Rename(String from, String to) implements Syscall {}

    /** link(2): a second name for the same inode. */
    record HardLink(String from, String to) implements Syscall {}

    record Mkdir(String path) implements Syscall {}

    record Rmdir(String path) implements Syscall {}

    /** BPF_LINK_UPDATE; with oldProg, BPF_F_REPLACE with that expected old prog. */
    record LinkUpdate(String link, String newProg, String oldProg) implements Syscall {
        public List<String> uses() { return nonNull(link, newProg, oldProg); }
    }

    record LinkDetach(String link) implements Syscall {
        public List<String> uses() { return List.of(link); }
    }

    /** BPF_{PROG,LINK,MAP}_GET_FD_BY_ID. */
    record GetFdById(String result, IdKind kind, IdRef id) implements Syscall {}

    /** BPF_{PROG,LINK,MAP}_GET_NEXT_ID. */
    record GetNextId(IdKind kind, IdRef after) implements Syscall {}

    record Dup(String result, String fd) implements Syscall {
        public List<String> uses() { return List.of(fd); }
    }

    /** fork(2): the child task (declared "forked" in the scenario) starts with a copy of the fd table. */
    record Fork(String child) implements Syscall {}

    /** exit(2): every fd still open is closed. */
    record Exit() implements Syscall {}

    /** What {@code bpftool link show} / {@code prog show} does: GET_NEXT_ID, GET_FD_BY_ID, GET_INFO, close. */
    record Show(IdKind kind) implements Syscall {}

    /** User-space signalling between tasks (a futex, not a kernel object of the model). */
    record Signal(String name) implements Syscall {}

    record Wait(String name) implements Syscall {}

    /** mkdir in cgroupfs. */
    record CgroupMkdir(String name) implements Syscall {}

    /** rmdir in cgroupfs: the cgroup goes offline; freed when its last reference goes. */
    record CgroupRmdir(String name) implements Syscall {}

    /** open(2) of a cgroup directory (an fd usable as cgroup_fd). */
    record CgroupOpen(String result, String name) implements Syscall {}

    /**
     * An object id operand: a literal number, or the kernel id of the object a task variable was
     * bound to ({@code setup.l}).
     */
    record IdRef(int literal, String task, String var) {
        public static IdRef of(int n) {
            return new IdRef(n, null, null);
        }

        public static IdRef of(String task, String var) {
            return new IdRef(0, task, var);
        }

        public boolean symbolic() {
            return var != null;
        }

        @Override
        public String toString() {
            return symbolic() ? task + "." + var : Integer.toString(literal);
        }
    }

    private static List<String> nonNull(String... names) {
        return java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toList();
    }
}
