package bpflife.model;

import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.Event;
import bpflife.protocol.Info.CgroupInfo;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.Visited;

/**
 * A cgroup (its css). Its directory holds one reference until rmdir; links and sessions of the
 * cgroup iterator hold more. A removed cgroup stays "dying" until the last reference goes, and an
 * iterator walking it sees no object: only the END call runs (kernel-semantics §5, B5).
 */
public final class Cgroup {
    private Cgroup() {}

    public record State(CgroupId self, String name, long refcnt, boolean online, boolean gone) implements ObjectState {
        public boolean freed() { return gone; }
        public long refcount() { return refcnt; }
    }

    static State born(Event.CgroupCreated e) {
        return new State(e.cgroup(), e.name(), 1, true, false);
    }

    static void step(Env env, State s, Msg m, Out out) {
        switch (m) {
            case Msg.Get g -> Refs.grant(out, s.self, s.refcnt, g.requester(), new CgroupInfo(s.name));
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(new CgroupInfo(s.name)));
            case Msg.Visit v -> out.send(v.session(), new Visited(s.online ? 1 : 0));
            case Msg.Offline o -> {
                out.event(new Event.CgroupWentOffline());
                put(s, new Msg.Put(s.self, bpflife.protocol.PutMode.DIRECT, o.ackTo()), out);
            }
            case Msg.Put p -> put(s, p, out);
            default -> throw Refs.unexpected(s.self, m);
        }
    }

    private static void put(State s, Msg.Put p, Out out) {
        if (Refs.drop(out, s.self, s.refcnt, p)) {
            out.event(new Event.Freed()).send(p.ackTo(), new Acked());
        }
    }

    static State apply(State s, Event e) {
        return switch (e) {
            case Event.RefTaken r -> new State(s.self, s.name, r.refcnt(), s.online, s.gone);
            case Event.RefDropped r -> new State(s.self, s.name, r.refcnt(), s.online, s.gone);
            case Event.CgroupWentOffline o -> new State(s.self, s.name, s.refcnt, false, s.gone);
            case Event.Freed f -> new State(s.self, s.name, 0, false, true);
            default -> throw Refs.unexpected(s.self, e);
        };
    }
}
