package bpflife.kernel;

import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * How a scenario's {@code link create} becomes the driver's {@code linkcreate} command: every
 * parameter the statement gives is passed (kernel/src/main/c/driver.c writes them into
 * bpf_iter_link_info in this order: map, tid, order, cgroup fd, cgroup id, pid, pid_fd), or the
 * statement is not run, with the reason. Nothing is dropped.
 */
final class LinkParams {
    private LinkParams() {}

    /**
     * Why the kernel check cannot run this link create as the model reads it, or null.
     * {@code target} is the prog's target when the run loaded it, else null.
     */
    static String unsupported(Syscall.LinkCreate lc, IterTarget target) {
        boolean taskParams = lc.pid() != 0 || lc.pidFd() != null;
        if (!taskParams) {
            return null;
        }
        if (target == null) {
            return "pid or pid_fd on a prog this run did not load: its target is not known, and on a cgroup "
                    + "or bpf_map_elem target those words of bpf_iter_link_info are cgroup_fd / cgroup_id";
        }
        if (target != IterTarget.TASK && target != IterTarget.TASK_FILE && target != IterTarget.TASK_VMA
                && target != IterTarget.BPF_MAP) {
            return "pid or pid_fd on a " + target.kernelName() + " link: bpf_iter_link_info is a union, and "
                    + "those words are its cgroup_fd / cgroup_id there; the model refuses it with EINVAL, the kernel "
                    + "reads a cgroup (not modelled)";
        }
        return null;
    }

    /**
     * The driver command: {@code linkcreate <prog> <map|none> <cgroup|none> <order> <tid> [pid=N]
     * [pidfd=N|self] [cgid=@PATH]}. {@code fd} gives a variable's fd number (-1 for the fd -1 or an
     * unknown variable), {@code cgroupPath} the run's directory of a scenario cgroup name.
     */
    static String command(Syscall.LinkCreate lc, ToIntFunction<String> fd, Function<String, Path> cgroupPath) {
        return command(lc, fd, cgroupPath, name -> {
            throw new IllegalStateException("tid " + name + ": no task pids given");
        });
    }

    /**
     * As {@link #command(Syscall.LinkCreate, ToIntFunction, Function)}; {@code taskPid} gives the real
     * pid of the driver that runs the scenario task a {@code tid NAME} names (its one thread: tid =
     * pid), or {@link Integer#MAX_VALUE} for a name that is no task (a tid that names none, as the
     * model reads it).
     */
    static String command(Syscall.LinkCreate lc, ToIntFunction<String> fd, Function<String, Path> cgroupPath,
                          ToLongFunction<String> taskPid) {
        int order = lc.order() == null ? 0 : lc.order().ordinal() + 1;
        StringBuilder b = new StringBuilder("linkcreate ").append(fd.applyAsInt(lc.prog()));
        b.append(' ').append(lc.map() == null ? "none" : Integer.toString(fd.applyAsInt(lc.map())));
        b.append(' ').append(lc.cgroup() == null ? "none" : Integer.toString(fd.applyAsInt(lc.cgroup())));
        b.append(' ').append(order);
        b.append(' ').append(lc.tidTask() != null ? Long.toString(taskPid.applyAsLong(lc.tidTask()))
                : lc.tid() == Syscall.LinkCreate.SELF ? "self" : Integer.toString(lc.tid()));
        if (lc.pid() != 0) {
            b.append(" pid=").append(lc.pid() == Syscall.LinkCreate.SELF ? "self" : Integer.toString(lc.pid()));
        }
        if (lc.pidFd() != null) {
            b.append(" pidfd=").append(Syscall.LinkCreate.SELF_PIDFD.equals(lc.pidFd()) ? "self"
                    : Integer.toString(fd.applyAsInt(lc.pidFd())));
        }
        if (lc.cgroupId() != null) {
            b.append(" cgid=@").append(cgroupPath.apply(lc.cgroupId()));
        }
        return b.toString();
    }
}
