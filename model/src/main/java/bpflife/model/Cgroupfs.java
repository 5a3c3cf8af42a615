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
 * reference on it until rmdir, which takes the cgroup offline.
 */
public final class Cgroupfs {
    private Cgroupfs() {}

    public record State(ServiceId self, TreeMap<String, CgroupId> dirs) implements ObjectState {
        public List<ActorId> holds() {
            return new ArrayList<>(dirs.values());
        }
    }

    public static State initial() {
        return new State(ActorId.CGROUPFS, new TreeMap<>());
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
            case Msg.Visit v -> out.send(v.session(), new Msg.Visited(rootWalk(s, v.order())));
            case Msg.CgroupLookup l -> {
                CgroupId id = s.dirs.get(l.name());
                out.send(id == null ? l.requester() : id, id == null ? new Failed(Errno.ENOENT) : new Get(l.requester()));
            }
        }
    }

    /**
     * A walk from the root cgroup (a cgroup iterator link with an order and no cgroup:
     * bpf_iter_attach_cgroup() takes cgroup_get_from_path("/")): the root itself, and for a
     * descendants walk every live cgroup of the scenario below it. On a real machine the root has
     * the machine's cgroups below it too; the kernel check compares such a dump as "some".
     */
    static int rootWalk(State s, bpflife.protocol.CgroupOrder order) {
        return switch (order) {
            case SELF_ONLY, ANCESTORS_UP -> 1;
            case DESCENDANTS_PRE, DESCENDANTS_POST -> 1 + s.dirs.size();
        };
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
        switch (e) {
            case Event.CgroupDirMade m -> d.put(m.name(), m.cgroup());
            case Event.CgroupDirRemoved r -> d.remove(r.name());
        }
        return new State(s.self, d);
    }
}
