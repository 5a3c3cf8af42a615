package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.InodeEvent;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.Get;
import bpflife.protocol.Msg.Granted;
import bpflife.protocol.Msg.OpenSession;
import bpflife.protocol.Msg.Put;
import bpflife.protocol.Msg.ToInode;
import bpflife.protocol.PutMode;
import java.util.List;

/**
 * A bpffs inode made by BPF_OBJ_PIN: i_private holds one reference on the pinned object. Its
 * in-core count is its names (nlink) plus its open files; when both are gone the inode is
 * destroyed and puts the object, with the deferred bpf_link_put for links (kernel/bpf/inode.c
 * bpf_destroy_inode()).
 */
public final class Inode {
    private Inode() {}

    /** Where an inode is in its life: a view of its names, openers and {@code destroyed}. */
    public enum Phase { LINKED, UNLINKED_OPEN, DESTROYED }

    public record State(InodeId self, ActorId object, FileKind kind, int nlink, int opens, boolean destroyed)
            implements ObjectState {
        public boolean freed() { return destroyed; }
        public long refcount() { return nlink + opens; }
        public Phase phase() { return destroyed ? Phase.DESTROYED : nlink > 0 ? Phase.LINKED : Phase.UNLINKED_OPEN; }
        public List<ActorId> holds() { return destroyed ? List.of() : List.of(object); }
    }

    static State born(Event.InodeCreated e) {
        return new State(e.inode(), e.object(), e.kind(), 1, 0, false);
    }

    static void step(Env env, State s, ToInode m, Out out) {
        switch (m) {
            case Msg.InodeOpen o -> {
                if (s.kind != FileKind.LINK) {
                    out.send(o.requester(), new Failed(Errno.EIO)); // pins of progs and maps open with EIO
                } else {
                    // the new file holds the path before iter_open runs: rm cannot drop the link under it
                    out.event(new Event.RefTaken(o.requester(), s.opens + 1))
                            .send(o.requester(), new Granted(s.self, null))
                            .send(s.object, new OpenSession(o.requester()));
                }
            }
            case Msg.InodeGetObj g -> out.send(s.object, new Get(g.requester()));
            case Msg.AddName a -> out.event(new Event.NameAdded(s.nlink + 1)).send(a.ackTo(), new Acked());
            case Msg.DropName d -> {
                out.event(new Event.NameDropped(s.nlink - 1));
                iput(s, s.nlink - 1, s.opens, d.ackTo(), out);
            }
            case Msg.Put p -> {
                if (s.opens <= 0) {
                    out.fault(new Fault(Invariant.REFCOUNT_UNDERFLOW, s.self, "close of " + s.self + " with no opener"));
                    out.send(p.ackTo(), new Acked());
                    return;
                }
                out.event(new Event.RefDropped(p.mode(), s.opens - 1));
                iput(s, s.nlink, s.opens - 1, p.ackTo(), out);
            }
        }
    }

    /** The final iput destroys the inode, which puts its object (bpf_destroy_inode, since B11). */
    private static void iput(State s, int nlink, int opens, ActorId ackTo, Out out) {
        if (nlink > 0 || opens > 0) {
            out.send(ackTo, new Acked());
            return;
        }
        PutMode mode = s.kind == FileKind.LINK ? PutMode.DEFERRED : PutMode.DIRECT;
        out.event(new Event.InodeDestroyed()).send(s.object, new Put(s.object, mode, ackTo));
    }

    static State apply(State s, InodeEvent e) {
        return switch (e) {
            case Event.RefTaken r -> new State(s.self, s.object, s.kind, s.nlink, (int) r.refcnt(), s.destroyed);
            case Event.RefDropped r -> new State(s.self, s.object, s.kind, s.nlink, (int) r.refcnt(), s.destroyed);
            case Event.NameAdded a -> new State(s.self, s.object, s.kind, a.nlink(), s.opens, s.destroyed);
            case Event.NameDropped d -> new State(s.self, s.object, s.kind, d.nlink(), s.opens, s.destroyed);
            case Event.InodeDestroyed d -> new State(s.self, s.object, s.kind, 0, 0, true);
        };
    }
}
