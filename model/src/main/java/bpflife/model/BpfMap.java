package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.MapEvent;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info.MapInfo;
import bpflife.protocol.MapType;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.IdRemove;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.Ready;
import bpflife.protocol.Msg.ToMap;
import bpflife.protocol.Msg.Visited;

/**
 * A BPF map. The model keeps one count for refcnt and usercnt: every holder here (fds, pins,
 * iterator links and sessions) takes both. A bpf_map_elem session walks the map's buckets on
 * every read, so visiting a freed map is the use after free of bug B2.
 */
public final class BpfMap {
    private BpfMap() {}

    public enum Phase { LIVE, FREEING, FREED }

    public record State(MapId self, MapType type, int entries, int id, long refcnt, Phase phase, ActorId ackTo)
            implements Listed {
        public IdKind idKind() { return IdKind.MAP; }
        public boolean listable() { return refcnt > 0 && id != 0; }
        public boolean freed() { return phase == Phase.FREED; }
        public long refcount() { return refcnt; }
        public MapInfo info() { return new MapInfo(id, type, entries); }

        State with(int newId, long n, Phase p, ActorId ack) {
            return new State(self, type, entries, newId, n, p, ack);
        }
    }

    static State born(Event.MapCreated e) {
        return new State(e.map(), e.type(), e.entries(), 0, 1, Phase.LIVE, null);
    }

    static void step(Env env, State s, ToMap m, Out out) {
        switch (m) {
            case Msg.AssignId a -> out.event(new Event.IdAssigned(a.id())).send(a.requester(), new Ready(a.id()));
            case Msg.Get g -> Refs.grant(out, s.self, s.refcnt, g.requester(), s.info());
            case Msg.GetIfLive g -> Refs.grantIfLive(out, env.semantics(), s.self, s.refcnt, g.requester(), s.info());
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(s.info()));
            case Msg.Visit v -> out.send(v.session(), new Visited(s.entries));
            case Msg.Put p -> {
                if (Refs.drop(out, s.self, s.refcnt, p)) {
                    out.event(new Event.FreeingStarted(p.ackTo())).send(ActorId.MAP_IDR, new IdRemove(s.id, s.self));
                }
            }
            case Msg.IdRemoved r -> out.event(new Event.Freed()).send(s.ackTo, new Acked());
        }
    }

    static State apply(State s, MapEvent e) {
        return switch (e) {
            case Event.IdAssigned a -> s.with(a.id(), s.refcnt, s.phase, s.ackTo);
            case Event.RefTaken r -> s.with(s.id, r.refcnt(), s.phase, s.ackTo);
            case Event.RefDropped r -> s.with(s.id, r.refcnt(), s.phase, s.ackTo);
            case Event.FreeingStarted f -> s.with(s.id, s.refcnt, Phase.FREEING, f.ackTo());
            case Event.Freed f -> s.with(s.id, 0, Phase.FREED, null);
        };
    }
}
