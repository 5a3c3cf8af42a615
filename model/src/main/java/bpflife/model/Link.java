package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.LinkEvent;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info.LinkInfo;
import bpflife.protocol.Info.ProgInfo;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.FreeWork;
import bpflife.protocol.Msg.IdRemove;
import bpflife.protocol.Msg.Informed;
import bpflife.protocol.Msg.PrepareSession;
import bpflife.protocol.Msg.ProgSnapshot;
import bpflife.protocol.Msg.Put;
import bpflife.protocol.Msg.Ready;
import bpflife.protocol.Msg.Refused;
import bpflife.protocol.Msg.ToLink;
import bpflife.protocol.PutMode;
import bpflife.protocol.SessionTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * An iterator link (bpf_iter_link): holds its current prog and its attach-time map or cgroup.
 * Held by link fds, by a pin's inode, by GET_FD_BY_ID / OBJ_GET fds; never by a session.
 *
 * <p>States: PRIMED (id reserved, link->id still 0, GET_FD_BY_ID answers
 * EAGAIN) -> LIVE -> DYING (refcount 0, id still in the IDR: enumerated by GET_NEXT_ID, refused
 * by GET_FD_BY_ID) -> RELEASING (id gone, prog and attach objects being put) -> FREED.
 */
public final class Link {
    private Link() {}

    public enum Phase { PRIMED, LIVE, DYING, RELEASING, FREED }

    public record State(LinkId self, ProgId prog, ProgInfo progInfo, IterTarget target, Attach attach, int id,
                        long refcnt, Phase phase, ActorId ackTo, int awaiting) implements Listed {
        public IdKind idKind() { return IdKind.LINK; }
        public boolean listable() { return refcnt > 0 && settled(); }
        public boolean freed() { return phase == Phase.FREED; }
        public long refcount() { return refcnt; }

        public List<ActorId> holds() {
            if (phase == Phase.RELEASING || phase == Phase.FREED) {
                return List.of();
            }
            List<ActorId> h = new ArrayList<>(3);
            h.add(prog);
            if (attach.map() != null) h.add(attach.map());
            if (attach.cgroup() != null) h.add(attach.cgroup());
            return h;
        }

        public boolean settled() {
            return phase != Phase.PRIMED;
        }

        public LinkInfo info() {
            return new LinkInfo(id, progInfo.id(), target, attach.mapId(),
                    attach.cgroup() == null ? null : attach.cgroup().name(), attach.order(), attach.tid(),
                    attach.pid());
        }

        State with(Phase p, long n, ActorId ack, int wait) {
            return new State(self, prog, progInfo, target, attach, id, n, p, ack, wait);
        }
    }

    static State born(Event.LinkPrimed e) {
        return new State(e.link(), e.prog(), e.progInfo(), e.target(), e.attach(), 0, 1, Phase.PRIMED, null, 0);
    }

    static void step(Env env, State s, ToLink m, Out out) {
        switch (m) {
            case Msg.AssignId a -> {
                out.event(a.settled() ? new Event.LinkSettled() : new Event.IdAssigned(a.id()));
                out.send(a.requester(), new Ready(a.id()));
            }
            case Msg.Get g -> Refs.grant(out, s.self, s.refcnt, g.requester(), s.info());
            case Msg.GetIfLive g -> Refs.grantIfLive(out, env.semantics(), s.self, s.refcnt, g.requester(), s.info());
            case Msg.QueryInfo q -> out.send(q.requester(), new Informed(s.info()));
            case Msg.Visit v -> out.send(v.session(), new Msg.Running(s.progInfo));
            case Msg.OpenSession o -> openSession(env, s, o, out);
            case Msg.Update u -> update(s, u, out);
            case Msg.Put p -> {
                if (Refs.drop(out, s.self, s.refcnt, p)) {
                    lastPut(s, p, out);
                }
            }
            case Msg.FreeWork w -> removeId(s, out);
            case Msg.IdRemoved r -> release(s, out);
            case Msg.Discard d -> {
                // bpf_link_prime failed: the caller kfree()s the link and puts what it held
                if (d.ref() != null) {
                    out.event(new Event.RefDropped(PutMode.DIRECT, 0));
                }
                out.event(new Event.FreeingStarted(d.ackTo()));
                release(s, out);
            }
            case Msg.Acked a -> Refs.ackCounted(out, s.awaiting, s.ackTo);
        }
    }

    /** prepare_seq_file, link part: read link->prog under link_mutex. */
    private static void openSession(Env env, State s, Msg.OpenSession o, Out out) {
        SessionTemplate t = new SessionTemplate(s.self, s.target, s.attach, s.prog, s.progInfo);
        if (env.semantics().sessionHoldsLink()) {
            // the RFC design: the session keeps the link (and so its id) and no prog of its own
            out.event(new Event.RefTaken(o.requester(), s.refcnt + 1))
                    .send(o.requester(), new Msg.SessionLinkGranted(t.withProg(null, null)));
        } else if (env.semantics().progRefUnderLock()) {
            // the prog takes the new reference before any later put of ours (FIFO link -> prog)
            out.send(s.prog, new PrepareSession(t, o.requester()));
        } else {
            out.send(o.requester(), new ProgSnapshot(t));
        }
    }

    /** bpf_iter_link_replace under link_mutex. */
    private static void update(State s, Msg.Update u, Out out) {
        if (u.expectedOld() != null && !u.expectedOld().equals(s.prog)) {
            out.send(u.requester(), new Refused(Errno.EPERM, u.newProg()));
        } else if (u.newInfo().target() != s.target) {
            out.send(u.requester(), new Refused(Errno.EINVAL, u.newProg()));
        } else {
            out.event(new Event.LinkUpdated(s.prog, u.newProg(), u.newInfo()));
            // bpf_prog_put(old) returns before the update does
            out.send(s.prog, new Put(s.prog, PutMode.DIRECT, u.requester()));
        }
    }

    private static void lastPut(State s, Put p, Out out) {
        if (p.mode() == PutMode.DIRECT) {
            out.event(new Event.FreeingStarted(p.ackTo()));
            removeId(s, out);
        } else {
            // bpf_link_put: the free runs later from the system workqueue; the putter goes on now
            out.event(new Event.LinkFreeDeferred()).send(p.ackTo(), new Acked()).send(s.self, new FreeWork());
        }
    }

    /** bpf_link_free, first step: the id leaves the IDR (GET_FD_BY_ID stops finding it). */
    private static void removeId(State s, Out out) {
        if (s.id == 0) {
            release(s, out);
        } else {
            out.send(ActorId.LINK_IDR, new IdRemove(s.id, s.self));
        }
    }

    /** ops->release (detach_target: the attach-time map or cgroup) and dealloc (the prog). */
    private static void release(State s, Out out) {
        List<ActorId> held = s.holds();
        out.event(new Event.LinkReleased(held.size()));
        for (ActorId h : held) {
            out.send(h, new Put(h, PutMode.DIRECT, s.self));
        }
        if (held.isEmpty()) {
            out.event(new Event.Freed()).send(s.ackTo, new Acked());
        }
    }

    static State apply(State s, LinkEvent e) {
        return switch (e) {
            case Event.IdAssigned a -> new State(s.self, s.prog, s.progInfo, s.target, s.attach, a.id(), s.refcnt,
                    s.phase, s.ackTo, s.awaiting);
            case Event.LinkSettled x -> s.with(Phase.LIVE, s.refcnt, s.ackTo, s.awaiting);
            case Event.RefTaken r -> s.with(s.phase, r.refcnt(), s.ackTo, s.awaiting);
            case Event.RefDropped r -> s.with(r.refcnt() == 0 ? Phase.DYING : s.phase, r.refcnt(), s.ackTo,
                    s.awaiting);
            case Event.LinkFreeDeferred x -> s.with(Phase.DYING, s.refcnt, null, s.awaiting);
            case Event.FreeingStarted f -> s.with(s.phase == Phase.PRIMED ? Phase.PRIMED : Phase.DYING, s.refcnt,
                    f.ackTo(), s.awaiting);
            case Event.LinkUpdated u -> new State(s.self, u.newProg(), u.newInfo(), s.target, s.attach, s.id,
                    s.refcnt, s.phase, s.ackTo, s.awaiting);
            case Event.LinkReleased r -> s.with(Phase.RELEASING, s.refcnt, s.ackTo, r.awaiting());
            case Event.AckCounted a -> s.with(s.phase, s.refcnt, s.ackTo, a.left());
            case Event.Freed f -> s.with(Phase.FREED, 0, null, 0);
        };
    }
}
