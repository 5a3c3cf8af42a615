package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.ProgEvent;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info.ProgInfo;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.IdRemove;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.Ready;
import bpflife.protocol.Msg.SessionProgGranted;
import bpflife.protocol.Msg.ToProg;

/**
 * A loaded iterator program (bpf_prog). Held by its fds and pins, by the link that points to it,
 * and by every session opened while it was the link's prog. On the last put its id goes at once
 * (bpf_prog_free_id, process context); the model frees it when the IDR has confirmed.
 */
public final class Prog {
    private Prog() {}

    public enum Phase { LIVE, FREEING, FREED }

    public record State(ProgId self, String name, IterTarget target, int pad, boolean sleepable, int id, long refcnt,
                        Phase phase, ActorId ackTo, int ret) implements Listed {
        public IdKind idKind() { return IdKind.PROG; }
        public boolean listable() { return refcnt > 0 && id != 0; }
        public boolean freed() { return phase == Phase.FREED; }
        public long refcount() { return refcnt; }
        public ProgInfo info() { return new ProgInfo(id, name, target, sleepable, pad, ret); }
    }

    static State born(Event.ProgLoaded e) {
        return new State(e.prog(), e.name(), e.target(), e.pad(), e.sleepable(), 0, 1, Phase.LIVE, null, e.ret());
    }

    static void step(Env env, State s, ToProg m, Out out) {
        switch (m) {
            case Msg.AssignId a -> out.event(new Event.IdAssigned(a.id())).send(a.requester(), new Ready(a.id()));
            case Msg.Get g -> Refs.grant(out, s.self, s.refcnt, g.requester(), s.info());
            case Msg.GetIfLive g -> Refs.grantIfLive(out, env.semantics(), s.self, s.refcnt, g.requester(), s.info());
            case Msg.PrepareSession p -> {
                // under the link's link_mutex: the session's reference is taken before the link can drop its own
                out.event(new Event.RefTaken(p.requester(), s.refcnt + 1))
                        .send(p.requester(), new SessionProgGranted(p.template().withProg(s.self, s.info())));
            }
            case Msg.Put p -> {
                if (Refs.drop(out, s.self, s.refcnt, p)) {
                    out.event(new Event.FreeingStarted(p.ackTo())).send(ActorId.PROG_IDR, new IdRemove(s.id, s.self));
                }
            }
            case Msg.IdRemoved r -> out.event(new Event.Freed()).send(s.ackTo, new Acked());
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(s.info()));
        }
    }

    static State apply(State s, ProgEvent e) {
        return switch (e) {
            case Event.IdAssigned a -> new State(s.self, s.name, s.target, s.pad, s.sleepable, a.id(), s.refcnt,
                    s.phase, s.ackTo, s.ret);
            case Event.RefTaken r -> withCount(s, r.refcnt());
            case Event.RefDropped r -> withCount(s, r.refcnt());
            case Event.FreeingStarted f -> new State(s.self, s.name, s.target, s.pad, s.sleepable, s.id, s.refcnt,
                    Phase.FREEING, f.ackTo(), s.ret);
            case Event.Freed f -> new State(s.self, s.name, s.target, s.pad, s.sleepable, s.id, 0, Phase.FREED, null, s.ret);
        };
    }

    private static State withCount(State s, long n) {
        return new State(s.self, s.name, s.target, s.pad, s.sleepable, s.id, n, s.phase, s.ackTo, s.ret);
    }
}
