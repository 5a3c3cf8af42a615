package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.BpffsEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.AddName;
import bpflife.protocol.Msg.DropName;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.InodeGetObj;
import bpflife.protocol.Msg.InodeOpen;
import bpflife.protocol.Msg.Refused;
import bpflife.protocol.Msg.ToBpffs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bpffs mount at /sys/fs/bpf: its directory tree (dentries). Each directory operation is one
 * step, as the parent's inode_lock makes it atomic; a name holds its inode, so a lookup that found
 * a name reaches the inode before any later unlink of that name (FIFO bpffs -> inode).
 */
public final class Bpffs {
    private Bpffs() {}

    public static final String ROOT = "/sys/fs/bpf";

    /** A directory (null inode) or a pin name. */
    public record Node(InodeId inode) {
        static final Node DIR = new Node(null);

        boolean dir() {
            return inode == null;
        }
    }

    public record State(ServiceId self, TreeMap<String, Node> tree, int inodes) implements ObjectState {
        public List<ActorId> holds() {
            List<ActorId> h = new ArrayList<>();
            for (Node n : tree.values()) {
                if (!n.dir()) {
                    h.add(n.inode());
                }
            }
            return h;
        }
    }

    public static State initial() {
        TreeMap<String, Node> tree = new TreeMap<>();
        tree.put(ROOT, Node.DIR);
        return new State(ActorId.BPFFS, tree, 0);
    }

    static void step(Env env, State s, ToBpffs m, Out out) {
        switch (m) {
            case Msg.Lookup l -> lookup(s, l, out);
            case Msg.Mkobj mk -> mkobj(s, mk, out);
            case Msg.PathUnlink u -> {
                Node n = s.tree.get(u.path());
                if (n == null) {
                    out.send(u.requester(), new Failed(Errno.ENOENT));
                } else if (n.dir()) {
                    out.send(u.requester(), new Failed(Errno.EISDIR));
                } else {
                    out.event(new Event.PinUnlinked(u.path(), n.inode()))
                            .send(n.inode(), new DropName(n.inode(), u.requester()));
                }
            }
            case Msg.PathRename r -> rename(s, r, out);
            case Msg.PathLink l -> {
                Node n = s.tree.get(l.from());
                Errno err = n == null ? Errno.ENOENT : n.dir() ? Errno.EPERM : creatable(s, l.to());
                if (err != null) {
                    out.send(l.requester(), new Failed(err));
                } else {
                    out.event(new Event.PinHardLinked(l.from(), l.to(), n.inode()))
                            .send(n.inode(), new AddName(n.inode(), l.requester()));
                }
            }
            case Msg.PathMkdir d -> {
                Errno err = creatable(s, d.path());
                if (err != null) {
                    out.send(d.requester(), new Failed(err));
                } else {
                    out.event(new Event.DirMade(d.path())).send(d.requester(), new Acked());
                }
            }
            case Msg.PathRmdir d -> {
                Node n = s.tree.get(d.path());
                Errno err = n == null ? Errno.ENOENT : !n.dir() ? Errno.ENOTDIR
                        : d.path().equals(ROOT) ? Errno.EBUSY : hasChildren(s, d.path()) ? Errno.ENOTEMPTY : null;
                if (err != null) {
                    out.send(d.requester(), new Failed(err));
                } else {
                    out.event(new Event.DirRemoved(d.path())).send(d.requester(), new Acked());
                }
            }
        }
    }

    private static void lookup(State s, Msg.Lookup l, Out out) {
        Node n = s.tree.get(l.path());
        if (n == null) {
            out.send(l.requester(), new Failed(Errno.ENOENT));
        } else if (n.dir()) {
            // a directory opens (O_RDONLY) but is no bpf object for BPF_OBJ_GET
            out.send(l.requester(), l.purpose() == Msg.LookupFor.OPEN ? new Msg.DirOpened() : new Failed(Errno.EACCES));
        } else if (l.purpose() == Msg.LookupFor.OPEN) {
            out.send(n.inode(), new InodeOpen(l.requester()));
        } else {
            out.send(n.inode(), new InodeGetObj(l.requester()));
        }
    }

    /**
     * BPF_OBJ_PIN's path part (kernel/bpf/inode.c bpf_obj_do_pin(), bpf_mkobj_ops()): the name must
     * be new, its parent a bpffs directory, and contain no dot (reserved for files such as maps.debug).
     */
    private static void mkobj(State s, Msg.Mkobj mk, Out out) {
        Errno err = creatable(s, mk.path());
        if (err == null && baseName(mk.path()).contains(".")) {
            err = Errno.EPERM; // dots are reserved for kernel-made files such as maps.debug
        }
        if (err != null) {
            out.send(mk.requester(), new Refused(err, mk.obj()));
            return;
        }
        InodeId inode = new InodeId(s.inodes + 1);
        out.spawn(inode, new Event.InodeCreated(inode, mk.obj(), mk.kind()))
                .event(new Event.PinCreated(mk.path(), inode, mk.obj()))
                .send(mk.requester(), new Acked());
    }

    private static void rename(State s, Msg.PathRename r, Out out) {
        Node from = s.tree.get(r.from());
        Node to = s.tree.get(r.to());
        Errno err = null;
        if (from == null || s.tree.get(parent(r.to())) == null) {
            err = Errno.ENOENT;
        } else if (!under(r.to())) {
            err = Errno.EPERM;
        } else if (r.to().startsWith(r.from() + "/")) {
            err = Errno.EINVAL; // lock_rename's trap: the source is an ancestor of the target
        } else if (r.from().startsWith(r.to() + "/")) {
            err = Errno.ENOTEMPTY; // the target is an ancestor of the source
        } else if (to != null && to.dir() != from.dir()) {
            err = to.dir() ? Errno.EISDIR : Errno.ENOTDIR;
        } else if (to != null && to.dir() && hasChildren(s, r.to())) {
            err = Errno.ENOTEMPTY;
        }
        if (err != null) {
            out.send(r.requester(), new Failed(err));
            return;
        }
        if (r.from().equals(r.to())) {
            out.send(r.requester(), new Acked());
            return;
        }
        InodeId victim = to == null || to.dir() ? null : to.inode();
        out.event(new Event.PinRenamed(r.from(), r.to(), from.inode(), victim));
        if (victim != null) {
            out.send(victim, new DropName(victim, r.requester())); // the victim's name goes with the rename
        } else {
            out.send(r.requester(), new Acked());
        }
    }

    /** Whether a new name can be made at path: EEXIST, ENOENT (no parent), ENOTDIR, EPERM (outside bpffs). */
    private static Errno creatable(State s, String path) {
        if (!under(path)) {
            return Errno.EPERM;
        }
        if (s.tree.containsKey(path)) {
            return Errno.EEXIST;
        }
        Node p = s.tree.get(parent(path));
        if (p == null) {
            return Errno.ENOENT;
        }
        return p.dir() ? null : Errno.ENOTDIR;
    }

    static boolean under(String path) {
        return path.startsWith(ROOT + "/") && !path.endsWith("/");
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean hasChildren(State s, String dir) {
        String k = s.tree.higherKey(dir + "/");
        return k != null && k.startsWith(dir + "/");
    }

    static State apply(State s, BpffsEvent e) {
        TreeMap<String, Node> t = new TreeMap<>(s.tree);
        int inodes = s.inodes;
        switch (e) {
            case Event.DirMade d -> t.put(d.path(), Node.DIR);
            case Event.DirRemoved d -> t.remove(d.path());
            case Event.PinCreated p -> {
                t.put(p.path(), new Node(p.inode()));
                inodes = p.inode().n();
            }
            case Event.PinUnlinked u -> t.remove(u.path());
            case Event.PinHardLinked l -> t.put(l.to(), new Node(l.inode()));
            case Event.PinRenamed r -> {
                // a directory moves with everything below it
                // copies: TreeMap reuses its entry objects when it removes nodes
                List<Map.Entry<String, Node>> moved = new ArrayList<>();
                t.subMap(r.from() + "/", r.from() + "0").forEach((k, v) -> moved.add(Map.entry(k, v)));
                Node n = t.remove(r.from());
                for (Map.Entry<String, Node> m : moved) {
                    t.remove(m.getKey());
                }
                t.put(r.to(), n);
                for (Map.Entry<String, Node> m : moved) {
                    t.put(r.to() + m.getKey().substring(r.from().length()), m.getValue());
                }
            }
        }
        return new State(s.self, t, inodes);
    }
}
