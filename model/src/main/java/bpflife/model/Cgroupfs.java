package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.CgroupfsEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.Get;
import bpflife.protocol.Msg.Offline;
import bpflife.protocol.Msg.ToCgroupfs;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The cgroup v2 hierarchy at /sys/fs/cgroup, by name below it. A cgroup's directory holds one
 * reference on it until rmdir, which takes the cgroup offline; a removed cgroup stays linked
 * below its parent ({@code dying}) until it is released, and walks pass it without showing it.
 * {@code made} numbers the cgroups in creation order: a parent's children list is in that order
 * (css_create() adds at the tail), and so are the walks.
 */
public final class Cgroupfs {
    private Cgroupfs() {}

    public record State(ServiceId self, TreeMap<String, CgroupId> dirs, TreeMap<String, CgroupId> dying,
                        TreeMap<String, Integer> made) implements ObjectState {
        /** Only the directories hold their cgroups; a dying cgroup is known, not held. */
        public List<ActorId> holds() {
            return new ArrayList<>(dirs.values());
        }
    }

    public static State initial() {
        return new State(ActorId.CGROUPFS, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
    }

    static void step(Env env, State s, ToCgroupfs m, Out out) {
        switch (m) {
            case Msg.CgroupMkdir mk -> {
                int slash = mk.name().lastIndexOf('/');
                if (s.dirs.containsKey(mk.name())) {
                    out.send(mk.requester(), new Failed(Errno.EEXIST));
                } else if (slash > 0 && !s.dirs.containsKey(mk.name().substring(0, slash))) {
                    out.send(mk.requester(), new Failed(Errno.ENOENT));
                } else {
                    CgroupId id = new CgroupId(mk.name());
                    out.spawn(id, new Event.CgroupCreated(id, mk.name()))
                            .event(new Event.CgroupDirMade(mk.name(), id));
                    for (CgroupId a : ancestors(s, mk.name())) {
                        out.send(a, new Msg.DescendantsChanged(1));
                    }
                    out.send(mk.requester(), new Acked());
                }
            }
            case Msg.CgroupRmdir rm -> {
                CgroupId id = s.dirs.get(rm.name());
                String below = s.dirs.higherKey(rm.name() + "/");
                if (id == null) {
                    out.send(rm.requester(), new Failed(Errno.ENOENT));
                } else if (below != null && below.startsWith(rm.name() + "/")) {
                    out.send(rm.requester(), new Failed(Errno.EBUSY));
                } else {
                    out.event(new Event.CgroupDirRemoved(rm.name()));
                    for (CgroupId a : ancestors(s, rm.name())) {
                        out.send(a, new Msg.DescendantsChanged(-1));
                    }
                    out.send(id, new Offline(id, rm.requester()));
                }
            }
            case Msg.Visit v -> out.send(v.session(), CgroupWalks.walk(s, "", v.order()));
            case Msg.CgroupWalk w -> out.send(w.session(), CgroupWalks.walk(s, w.start(), w.order()));
            case Msg.CgroupReleased r -> out.event(new Event.CgroupDirReleased(r.name()));
            case Msg.CgroupLookup l -> {
                CgroupId id = s.dirs.get(l.name());
                out.send(id == null ? l.requester() : id, id == null ? new Failed(Errno.ENOENT) : new Get(l.requester()));
            }
        }
    }

    /** The directories above a cgroup name that exist (its parent, the parent's parent ...). */
    private static List<CgroupId> ancestors(State s, String name) {
        List<CgroupId> out = new ArrayList<>();
        for (int i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
            CgroupId a = s.dirs.get(name.substring(0, i));
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    static State apply(State s, CgroupfsEvent e) {
        TreeMap<String, CgroupId> d = new TreeMap<>(s.dirs);
        TreeMap<String, CgroupId> dying = new TreeMap<>(s.dying);
        TreeMap<String, Integer> made = new TreeMap<>(s.made);
        switch (e) {
            case Event.CgroupDirMade m -> {
                d.put(m.name(), m.cgroup());
                made.put(m.name(), nextNumber(s));
            }
            case Event.CgroupDirRemoved r -> dying.put(r.name(), d.remove(r.name()));
            case Event.CgroupDirReleased r -> {
                dying.remove(r.name());
                made.remove(r.name());
            }
        }
        return new State(s.self, d, dying, made);
    }

    /** One more than the newest cgroup's number (numbers only order siblings). */
    private static int nextNumber(State s) {
        int max = -1;
        for (int n : s.made.values()) {
            max = Math.max(max, n);
        }
        return max + 1;
    }
}
