package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import bpflife.protocol.Syscall.PrimeFault;
import bpflife.protocol.Want;
import java.util.List;

/**
 * BPF_LINK_CREATE of an iterator link (kernel/bpf/bpf_iter.c bpf_iter_link_attach(), then
 * kernel/bpf/syscall.c bpf_link_prime() and bpf_link_settle()): the prog and the attach-time
 * object are looked up, the link takes them over, gets an id and a file, and the fd is installed.
 *
 * <p>Under {@code primeIdFirst} (Linux) the id comes before the file; otherwise (bug B1) the file
 * is made first, so a failed id allocation leaves a file whose release puts a link already freed.
 */
public final class LinkCreate {
    private LinkCreate() {}

    public sealed interface State extends Lookups {}

    /** bpf_prog_get(attr->link_create.prog_fd). */
    public record AwaitingProg() implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof ProgId prog) || !(m.info() instanceof Info.ProgInfo pi)) {
                throw c.unexpected(this, m);
            }
            Syscall.LinkCreate lc = call(c);
            List<ActorId> held = List.of(prog);
            IterTarget t = pi.target();
            boolean taskTarget = t == IterTarget.TASK || t == IterTarget.TASK_FILE || t == IterTarget.TASK_VMA;
            Errno err = attachError(lc, pi, taskTarget);
            if (err != null) {
                c.cleanup(held, err);
                return;
            }
            if (taskTarget) {
                prime(c, prog, pi, taskAttach(c, lc));
                return;
            }
            if (lc.cgroupId() != null && t == IterTarget.CGROUP) {
                // cgroup_get_from_id(): the id's kernfs node, ENOENT once removed (or never made)
                c.ask(ActorId.CGROUPFS, new Msg.CgroupLookup(lc.cgroupId(), c.self()), new AwaitingAttach(prog, pi));
                return;
            }
            String attachVar = lc.map() != null ? lc.map() : lc.cgroup();
            if (attachVar == null && t == IterTarget.CGROUP) {
                // no cgroup fd nor id: bpf_iter_attach_cgroup() walks from the root cgroup
                prime(c, prog, pi, new Attach(null, 0, null, lc.order(), 0));
                return;
            }
            if (attachVar == null) {
                // bpf_map: no attach_target, the link info is not read
                prime(c, prog, pi, Attach.NONE);
                return;
            }
            FileId af = c.file(attachVar);
            if (af == null) {
                c.cleanup(held, Errno.EBADF);
                return;
            }
            c.ask(af, new Msg.Probe(lc.map() != null ? Want.MAP : Want.CGROUP, c.self()), new AwaitingAttach(prog, pi));
        }
    }

    /** The attach-time map or cgroup (the target's attach_target()), with the prog held. */
    public record AwaitingAttach(ProgId prog, Info.ProgInfo progInfo) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(prog);
        }

        @Override
        public void granted(Step c, Msg.Granted m) {
            // the model resolves the attach fd before bpf_link_prime (only error precedence differs)
            Attach attach;
            if (m.ref() instanceof MapId map && m.info() instanceof Info.MapInfo mi) {
                if (!mi.type().elemIterable()) {
                    c.cleanup(List.of(prog, map), Errno.EINVAL);
                    return;
                }
                attach = new Attach(map, mi.id(), null, null, 0);
            } else if (m.ref() instanceof CgroupId cg) {
                attach = new Attach(null, 0, cg, call(c).order(), 0);
            } else {
                throw c.unexpected(this, m);
            }
            prime(c, prog, progInfo, attach);
        }
    }

    /**
     * bpf_link_alloc_id(): the link is primed; {@code file} is its anon file when it was made
     * before the id (bug B1), else null. The call holds the file, or the link itself.
     */
    public record AwaitingId(LinkId link, FileId file) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(file != null ? file : link);
        }

        @Override
        public void ready(Step c, Msg.Ready m) {
            FileId f = file;
            if (f == null) {
                if (call(c).fault() == PrimeFault.FILE) {
                    // anon_inode_getfile failed: bpf_link_free_id first, then kfree the link (which puts the prog)
                    c.ask(ActorId.LINK_IDR, new Msg.IdRemove(m.id(), c.self()), new FreeingId(link));
                    return;
                }
                f = c.newFile(FileKind.LINK, link, null);
            }
            c.ask(ActorId.LINK_IDR, new Msg.IdSettle(m.id(), c.self()), new Settling(link, f, m.id()));
        }
    }

    /** bpf_link_cleanup() after the file failed: the id goes before the link is freed. */
    public record FreeingId(LinkId link) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(link);
        }

        @Override
        public void idRemoved(Step c, Msg.IdRemoved m) {
            c.ask(link, new Msg.Discard(link, c.self()), new CleaningUp(Result.error(Errno.ENOMEM), 1));
        }
    }

    /** bpf_link_settle(): link->id is written; then fd_install. */
    public record Settling(LinkId link, FileId file, int id) implements State {
        @Override
        public List<ActorId> held() {
            return List.of(file);
        }

        @Override
        public void ready(Step c, Msg.Ready m) {
            int fd = c.install(call(c).result(), file, link, id);
            c.finish(Result.fd(fd, link));
        }
    }

    static void enter(Step c, Syscall.LinkCreate lc) {
        c.probe(lc.prog(), Want.PROG, Errno.EBADF, new AwaitingProg());
    }

    /**
     * bpf_iter_attach_task(): at most one of tid, pid, pid_fd; bpf_iter_link_info is a union, so
     * a task target reads map.map_fd as task.tid. A number names no task of the model's world
     * (its tasks have no thread ids); {@code self} names the creating task's own process, given
     * its synthetic pid ({@link bpflife.model.scenario.Scenario#pidOf}) as the number bpftool shows.
     */
    private static Attach taskAttach(Step c, Syscall.LinkCreate lc) {
        int own = bpflife.model.scenario.PidNamespaces.selfNumber(c.scenario(), c.task().self().name()); // 1 in its own pid ns
        int tid = lc.tid() == Syscall.LinkCreate.SELF ? own
                : lc.map() != null && lc.tid() == 0 ? mapFdAsTid(c, lc.map()) : lc.tid();
        TaskId task = null;
        if (lc.tidTask() != null) {
            // tid NAME: the link stores the task's number only; a name that is no task the
            // world starts (a forked one, a typo) is a tid that names no task
            tid = c.scenario().tidOf(lc.tidTask());
            task = tid != 0 ? new TaskId(lc.tidTask()) : null;
            tid = tid != 0 ? tid : Integer.MAX_VALUE;
        }
        int pid = lc.pid() == Syscall.LinkCreate.SELF || Syscall.LinkCreate.SELF_PIDFD.equals(lc.pidFd()) ? own : lc.pid();
        boolean self = lc.tid() == Syscall.LinkCreate.SELF || lc.pid() == Syscall.LinkCreate.SELF
                || Syscall.LinkCreate.SELF_PIDFD.equals(lc.pidFd());
        return new Attach(null, 0, null, null, tid, task, pid, self);
    }

    /** The map operand's fd number as task.tid: -1 (u32 0xffffffff) for the fd -1. */
    private static int mapFdAsTid(Step c, String map) {
        return Syscall.LinkCreate.BAD_FD.equals(map) ? -1 : c.fdOf(map);
    }

    /** The checks of bpf_iter_link_attach() and the target's attach_target() on the prog and the operands. */
    private static Errno attachError(Syscall.LinkCreate lc, Info.ProgInfo pi, boolean taskTarget) {
        IterTarget t = pi.target();
        int taskParams = (lc.tid() != 0 || lc.tidTask() != null || lc.map() != null ? 1 : 0) + (lc.pid() != 0 ? 1 : 0)
                + (lc.pidFd() != null ? 1 : 0);
        if (pi.sleepable() && !t.resched()) {
            return Errno.EINVAL; // B3: sleepable progs only on BPF_ITER_RESCHED targets
        } else if (taskTarget && taskParams > 1) {
            return Errno.EINVAL; // bpf_iter_attach_task(): more than one of tid, pid, pid_fd
        } else if (taskTarget && lc.pidFd() != null && !Syscall.LinkCreate.SELF_PIDFD.equals(lc.pidFd())) {
            return Errno.EBADF; // pidfd_get_pid(): the fd -1, or an fd that is not a pidfd
        } else if ((lc.tid() != 0 || lc.tidTask() != null) && !taskTarget && t != IterTarget.BPF_MAP) {
            return Errno.EINVAL; // (bpf_map has no attach_target: its link info is not read, measured on 6.18)
        } else if ((lc.pid() != 0 || lc.pidFd() != null) && !taskTarget && t != IterTarget.BPF_MAP) {
            // pid and pid_fd share their words with cgroup_fd / cgroup_id; the kernel check does not run this
            return Errno.EINVAL;
        } else if (lc.cgroup() != null && lc.cgroupId() != null) {
            return Errno.EINVAL; // bpf_iter_attach_cgroup(): fd && id
        } else if (lc.map() != null && t != IterTarget.BPF_MAP_ELEM && !(taskTarget && lc.tid() == 0)
                || lc.cgroup() != null && t != IterTarget.CGROUP) {
            return Errno.EINVAL;
        } else if (t == IterTarget.BPF_MAP_ELEM && lc.map() == null) {
            return Errno.EBADF; // map_fd 0
        } else if (t == IterTarget.CGROUP && lc.order() == null) {
            return Errno.EINVAL; // BPF_CGROUP_ITER_ORDER_UNSPEC
        } else if (lc.cgroupId() != null && t != IterTarget.CGROUP) {
            return Errno.EINVAL;
        }
        return null;
    }

    /** bpf_link_init() + bpf_link_prime(): the link takes over the prog and attach references. */
    private static void prime(Step c, ProgId prog, Info.ProgInfo pi, Attach attach) {
        Syscall.LinkCreate lc = call(c);
        LinkId link = c.spawnId(LinkId::new);
        c.spawn(link, new Event.LinkPrimed(link, prog, pi, pi.target(), attach));
        if (c.rules().primeIdFirst()) {
            if (lc.fault() == PrimeFault.IDR) {
                c.ask(link, new Msg.Discard(link, c.self()), new CleaningUp(Result.error(Errno.ENOSPC), 1));
                return;
            }
            c.ask(ActorId.LINK_IDR, new Msg.IdAlloc(link, false, c.self()), new AwaitingId(link, null));
            return;
        }
        // B1: the anon file (whose release puts the link) is made before the id
        FileId file = c.newFile(FileKind.LINK, link, null);
        if (lc.fault() == PrimeFault.IDR) {
            c.moveTo(new CleaningUp(Result.error(Errno.ENOSPC), 2));
            c.send(link, new Msg.Discard(null, c.self())); // kfree while the file still points at it
            c.send(file, new Msg.Put(file, PutMode.DIRECT, c.self()));
            return;
        }
        c.ask(ActorId.LINK_IDR, new Msg.IdAlloc(link, false, c.self()), new AwaitingId(link, file));
    }

    private static Syscall.LinkCreate call(Step c) {
        return c.call(Syscall.LinkCreate.class);
    }
}
