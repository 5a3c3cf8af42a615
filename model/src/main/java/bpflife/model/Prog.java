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
import bpflife.protocol.PutMode;
import java.util.List;

/**
 * A loaded iterator program (bpf_prog). Held by its fds and pins, by the link that points to it,
 * and by every session opened while it was the link's prog; it holds the maps its instructions
 * use (used_maps: a reference each, taken at load). On the last put its id goes at once
 * (bpf_prog_free_id, process context) and the put returns; the model frees it when the IDR has
 * confirmed, or, when it uses maps, once it has put them: kernel/bpf/core.c frees the prog after
 * an RCU grace period in a work item (bpf_prog_free_deferred), which puts the used maps first
 * (bpf_free_used_maps), so a used map outlives the prog's id a little (measured on 6.18: a map
 * whose fd was closed is still found by id while the prog lives and right after its last close,
 * gone within milliseconds: bench/prog-maps).
 */
public final class Prog {
    private Prog() {}

    public enum Phase { LIVE, FREEING, PUTTING_MAPS, FREED }

    public record State(ProgId self, String name, IterTarget target, int pad, boolean sleepable, int id, long refcnt,
                        Phase phase, ActorId ackTo, int ret, List<ActorId> maps, int awaiting) implements Listed {
        public IdKind idKind() { return IdKind.PROG; }
        public boolean listable() { return refcnt > 0 && id != 0; }
        public boolean freed() { return phase == Phase.FREED; }
        public long refcount() { return refcnt; }
        public ProgInfo info() { return new ProgInfo(id, name, target, sleepable, pad, ret); }

        /** Its used maps until it puts them. */
        public List<ActorId> holds() {
            return phase == Phase.LIVE || phase == Phase.FREEING ? maps : List.of();
        }

        State with(long n, Phase p, ActorId ack, int wait) {
            return new State(self, name, target, pad, sleepable, id, n, p, ack, ret, maps, wait);
        }
    }

    static State born(Event.ProgLoaded e) {
        return new State(e.prog(), e.name(), e.target(), e.pad(), e.sleepable(), 0, 1, Phase.LIVE, null, e.ret(),
                List.copyOf(e.maps()), 0);
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
            case Msg.IdRemoved r -> {
                // the last put returns now; the memory (and the used maps' references) go later
                out.send(s.ackTo, new Acked());
                if (s.maps.isEmpty()) {
                    out.event(new Event.Freed());
                } else {
                    out.event(new Event.UsedMapsReleased(s.maps.size()));
                    for (ActorId used : s.maps) {
                        out.send(used, new Msg.Put(used, PutMode.DIRECT, s.self));
                    }
                }
            }
            case Msg.Acked a -> {
                out.event(new Event.AckCounted(s.awaiting - 1));
                if (s.awaiting == 1) {
                    out.event(new Event.Freed());
                }
            }
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(s.info()));
        }
    }

    static State apply(State s, ProgEvent e) {
        return switch (e) {
            case Event.IdAssigned a -> new State(s.self, s.name, s.target, s.pad, s.sleepable, a.id(), s.refcnt,
                    s.phase, s.ackTo, s.ret, s.maps, s.awaiting);
            case Event.RefTaken r -> s.with(r.refcnt(), s.phase, s.ackTo, s.awaiting);
            case Event.RefDropped r -> s.with(r.refcnt(), s.phase, s.ackTo, s.awaiting);
            case Event.FreeingStarted f -> s.with(s.refcnt, Phase.FREEING, f.ackTo(), s.awaiting);
            case Event.UsedMapsReleased u -> s.with(s.refcnt, Phase.PUTTING_MAPS, null, u.awaiting());
            case Event.AckCounted a -> s.with(s.refcnt, s.phase, null, a.left());
            case Event.Freed f -> s.with(0, Phase.FREED, null, 0);
        };
    }
}
