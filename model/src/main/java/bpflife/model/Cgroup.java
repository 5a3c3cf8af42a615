package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Event;
import bpflife.protocol.Event.CgroupEvent;
import bpflife.protocol.Info.CgroupInfo;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.ToCgroup;
import java.util.List;

/**
 * A cgroup (its css). Its directory holds one reference until rmdir; links and sessions of the
 * cgroup iterator hold more. A removed cgroup stays "dying" until the last reference goes: a walk
 * still passes it (its css stays on its parent's children list until css_release) and counts it
 * in seq_num, but shows nothing for it (kernel/bpf/cgroup_iter.c __cgroup_iter_seq_show() skips a
 * css whose cgroup_is_dead(); bug B5 for the start cgroup, D5 for a descendant). When it is
 * released it tells cgroupfs, which then leaves it out of walks.
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
         * What a walk from here passes, when this cgroup alone knows it: itself (hidden once
         * removed), or, while it is online, itself, each ancestor directory and the root cgroup
         * (all online: rmdir refuses a parent with an online child; measured on 6.18:
         * scenarios/cgroup-ancestors-up.scn, the walk ends at the root, inclusive). Null when the
         * walk passes other cgroups whose state cgroupfs knows (descendants, or the ancestors of a
         * removed cgroup, which may be dying themselves).
         */
        public Msg.Visited walked(CgroupOrder order) {
            return switch (order) {
                case SELF_ONLY -> new Msg.Visited(1, online ? List.of() : List.of(0));
                case ANCESTORS_UP -> online ? new Msg.Visited(2 + (int) name.chars().filter(c -> c == '/').count()) : null;
                case DESCENDANTS_PRE, DESCENDANTS_POST -> null;
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
            case Msg.Visit v -> {
                Msg.Visited walk = s.walked(v.order());
                if (walk != null) {
                    out.send(v.session(), walk);
                } else {
                    out.send(ActorId.CGROUPFS, new Msg.CgroupWalk(s.name, v.order(), v.session()));
                }
            }
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
            // css_release: off its parent's children list, so walks stop passing it
            out.event(new Event.Freed()).send(p.ackTo(), new Acked())
                    .send(ActorId.CGROUPFS, new Msg.CgroupReleased(s.name));
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
