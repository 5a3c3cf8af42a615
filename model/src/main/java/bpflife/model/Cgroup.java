package bpflife.model;

import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Event;
import bpflife.protocol.Event.CgroupEvent;
import bpflife.protocol.Info.CgroupInfo;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.ToCgroup;
import bpflife.protocol.Msg.Visited;

/**
 * A cgroup (its css). Its directory holds one reference until rmdir; links and sessions of the
 * cgroup iterator hold more. A removed cgroup stays "dying" until the last reference goes, and an
 * iterator walking it sees no object: only the END call runs (kernel/bpf/cgroup_iter.c
 * cgroup_iter_seq_show() shows nothing for a css whose cgroup_is_dead(); bug B5).
 */
public final class Cgroup {
    private Cgroup() {}

    /** Where a cgroup is in its life: a view of {@code online} and {@code gone}. */
    public enum Phase { ONLINE, OFFLINE, FREED }

    public record State(CgroupId self, String name, long refcnt, boolean online, boolean gone, int descendants)
            implements ObjectState {
        public boolean freed() { return gone; }
        public long refcount() { return refcnt; }
        public Phase phase() { return gone ? Phase.FREED : online ? Phase.ONLINE : Phase.OFFLINE; }

        /**
         * The cgroups a walk from here visits: none once removed (the dead start css is skipped),
         * else itself, its live descendants, or its ancestors up to and including the root cgroup.
         */
        public int walked(CgroupOrder order) {
            if (!online) {
                return 0;
            }
            return switch (order) {
                case SELF_ONLY -> 1;
                case DESCENDANTS_PRE, DESCENDANTS_POST -> 1 + descendants;
                // itself, each ancestor directory, and the root cgroup (measured on 6.18:
                // scenarios/cgroup-ancestors-up.scn; cgroup_iter's walk ends at the root, inclusive)
                case ANCESTORS_UP -> 2 + (int) name.chars().filter(c -> c == '/').count();
            };
        }

        State with(long n, boolean on, boolean g, int d) {
            return new State(self, name, n, on, g, d);
        }
    }

    static State born(Event.CgroupCreated e) {
        return new State(e.cgroup(), e.name(), 1, true, false, 0);
    }

    static void step(Env env, State s, ToCgroup m, Out out) {
        switch (m) {
            case Msg.Get g -> Refs.grant(out, s.self, s.refcnt, g.requester(), new CgroupInfo(s.name));
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(new CgroupInfo(s.name)));
            case Msg.Visit v -> out.send(v.session(), new Visited(s.walked(v.order())));
            case Msg.DescendantsChanged d -> out.event(new Event.CgroupDescendantsCounted(s.descendants + d.delta()));
            case Msg.Offline o -> {
                out.event(new Event.CgroupWentOffline());
                put(s, new Msg.Put(s.self, bpflife.protocol.PutMode.DIRECT, o.ackTo()), out);
            }
            case Msg.Put p -> put(s, p, out);
        }
    }

    private static void put(State s, Msg.Put p, Out out) {
        if (Refs.drop(out, s.self, s.refcnt, p)) {
            out.event(new Event.Freed()).send(p.ackTo(), new Acked());
        }
    }

    static State apply(State s, CgroupEvent e) {
        return switch (e) {
            case Event.RefTaken r -> s.with(r.refcnt(), s.online, s.gone, s.descendants);
            case Event.RefDropped r -> s.with(r.refcnt(), s.online, s.gone, s.descendants);
            case Event.CgroupWentOffline o -> s.with(s.refcnt, false, s.gone, s.descendants);
            case Event.CgroupDescendantsCounted d -> s.with(s.refcnt, s.online, s.gone, d.descendants());
            case Event.Freed f -> s.with(0, false, true, s.descendants);
        };
    }
}
