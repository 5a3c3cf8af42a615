package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.FileEvent;
import bpflife.protocol.FileKind;
import bpflife.protocol.FileMode;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.Get;
import bpflife.protocol.Msg.Probed;
import bpflife.protocol.Msg.Put;
import bpflife.protocol.Msg.QueryInfo;
import bpflife.protocol.Msg.ReadSession;
import bpflife.protocol.Msg.Release;
import bpflife.protocol.Msg.ToFile;
import bpflife.protocol.PutMode;
import bpflife.protocol.Want;
import java.util.List;

/**
 * A struct file: what fds point to. f_count is shared by dup and fork; the last fput releases
 * the object behind it (bpf_link_release, bpf_prog_release, iter_release ...) and, for a session
 * opened from a pin, then drops the path's hold on the inode.
 */
public final class OpenFile {
    private OpenFile() {}

    public enum Phase { OPEN, RELEASING, FREED }

    public record State(FileId self, FileKind kind, ActorId object, InodeId inode, long fcount, Phase phase,
                        ActorId ackTo, int awaiting, FileMode mode) implements ObjectState {
        public boolean freed() { return phase == Phase.FREED; }
        public long refcount() { return fcount; }

        public List<ActorId> holds() {
            if (phase != Phase.OPEN || kind == FileKind.DIR) {
                return List.of();
            }
            return inode == null ? List.of(object) : List.of(object, inode);
        }

        State with(long n, Phase p, ActorId ack, int wait) {
            return new State(self, kind, object, inode, n, p, ack, wait, mode);
        }
    }

    static State born(Event.FileOpened e) {
        return new State(e.file(), e.kind(), e.object(), e.inode(), 1, Phase.OPEN, null, 0, e.mode());
    }

    static void step(Env env, State s, ToFile m, Out out) {
        switch (m) {
            case Msg.Get g -> Refs.grant(out, s.self, s.fcount, g.requester(), null);
            case Msg.WalkGet w -> {
                if (s.fcount == 0) {
                    // bug-B8: get_file() on a file a close put to zero: its release has begun
                    out.fault(new Fault(Invariant.USE_AFTER_FREE, s.self, "get_file() by " + w.session()
                            + " revived " + s.self + " at f_count 0, whose release has begun"));
                }
                out.event(new Event.RefTaken(w.session(), s.fcount + 1))
                        .send(w.session(), new Msg.FileGranted(s.self, w.fds()));
            }
            case Msg.Probe p -> probe(s, p, out);
            case Msg.FileRead r -> {
                if (!s.mode.readable()) {
                    out.send(r.requester(), new Failed(Errno.EBADF)); // vfs_read: no FMODE_READ
                } else if (s.kind == FileKind.SESSION) {
                    out.send(s.object, new ReadSession(r.count(), r.requester()));
                } else {
                    out.send(r.requester(), new Failed(s.kind == FileKind.DIR ? Errno.EISDIR : Errno.EINVAL));
                }
            }
            case Msg.QueryInfo q -> {
                if (s.kind == FileKind.SESSION) {
                    out.send(q.requester(), new Failed(Errno.EINVAL));
                } else {
                    out.send(s.object, new QueryInfo(q.requester()));
                }
            }
            case Msg.Put p -> {
                if (Refs.drop(out, s.self, s.fcount, p)) {
                    release(s, p.ackTo(), out);
                }
            }
            case Msg.Acked a -> Refs.ackCounted(out, s.awaiting, s.ackTo);
        }
    }

    /** The kernel's fd-to-object lookups: each wants one kind and takes a reference on it. */
    private static void probe(State s, Msg.Probe p, Out out) {
        if (p.want() == Want.KIND_ONLY) {
            out.send(p.requester(), new Probed(s.kind, s.mode));
        } else if (matches(p.want(), s.kind)) {
            out.send(s.object, new Get(p.requester()));
        } else {
            out.send(p.requester(), new Failed(p.want() == Want.CGROUP ? Errno.EBADF : Errno.EINVAL));
        }
    }

    private static boolean matches(Want want, FileKind kind) {
        return switch (want) {
            case PROG -> kind == FileKind.PROG;
            case LINK -> kind == FileKind.LINK;
            case MAP -> kind == FileKind.MAP;
            case CGROUP -> kind == FileKind.CGROUP;
            case ANY_BPF -> kind == FileKind.PROG || kind == FileKind.LINK || kind == FileKind.MAP;
            case KIND_ONLY -> true;
        };
    }

    /** __fput: f_op->release, then the path's dentry and inode. */
    private static void release(State s, ActorId ackTo, Out out) {
        if (s.kind == FileKind.DIR) {
            out.event(new Event.FileReleasing(ackTo, 0)).event(new Event.Freed()).send(ackTo, new Acked());
            return;
        }
        if (s.kind == FileKind.SESSION) {
            out.send(s.object, new Release(s.object, s.self));
        } else {
            out.send(s.object, new Put(s.object, PutMode.DIRECT, s.self));
        }
        if (s.inode != null) {
            out.send(s.inode, new Put(s.inode, PutMode.DIRECT, s.self));
        }
        out.event(new Event.FileReleasing(ackTo, s.inode == null ? 1 : 2));
    }

    static State apply(State s, FileEvent e) {
        return switch (e) {
            case Event.RefTaken r -> s.with(r.refcnt(), s.phase, s.ackTo, s.awaiting);
            case Event.RefDropped r -> s.with(r.refcnt(), s.phase, s.ackTo, s.awaiting);
            case Event.FileReleasing r -> s.with(s.fcount, Phase.RELEASING, r.ackTo(), r.awaiting());
            case Event.AckCounted a -> s.with(s.fcount, s.phase, s.ackTo, a.left());
            case Event.Freed f -> s.with(0, Phase.FREED, null, 0);
        };
    }
}
