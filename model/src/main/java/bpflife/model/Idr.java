package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.IdrEvent;
import bpflife.protocol.IdKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.AssignId;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.GetIfLive;
import bpflife.protocol.Msg.IdRemoved;
import bpflife.protocol.Msg.NextIdIs;
import bpflife.protocol.Msg.ToIdr;
import java.util.Map;
import java.util.TreeMap;

/**
 * One id allocator (prog_idr, link_idr, map_idr) with its lock: idr_alloc_cyclic from 1, removal,
 * GET_NEXT_ID over the raw content, and GET_FD_BY_ID's lookup, which asks the object for an
 * increment-if-not-zero while the entry is still there (FIFO idr -> object keeps that safe: the
 * object is freed only after the IDR confirmed the removal).
 */
public final class Idr {
    private Idr() {}

    public record Entry(ActorId object, boolean settled) {}

    public record State(ServiceId self, IdKind kind, int next, TreeMap<Integer, Entry> entries) implements ObjectState {}

    public static State initial(IdKind kind) {
        return new State(kind.idr(), kind, 1, new TreeMap<>());
    }

    static void step(Env env, State s, ToIdr m, Out out) {
        switch (m) {
            case Msg.IdAlloc a -> {
                int id = s.next;
                while (s.entries.containsKey(id)) {
                    id++;
                }
                out.event(new Event.IdAllocated(id, a.obj(), a.settled()))
                        .send(a.obj(), new AssignId(id, false, a.requester()));
            }
            case Msg.IdSettle st -> {
                Entry e = s.entries.get(st.id());
                out.event(new Event.IdSettled(st.id())).send(e.object(), new AssignId(st.id(), true, st.requester()));
            }
            case Msg.IdRemove r -> out.event(new Event.IdFreed(r.id())).send(r.ackTo(), new IdRemoved());
            case Msg.IdLookup l -> {
                Entry e = l.id() == 0 ? null : s.entries.get(l.id());
                if (e == null) {
                    out.send(l.requester(), new Failed(Errno.ENOENT));
                } else if (!e.settled()) {
                    out.send(l.requester(), new Failed(Errno.EAGAIN));
                } else {
                    out.send(e.object(), new GetIfLive(l.requester()));
                }
            }
            case Msg.IdNext n -> {
                Map.Entry<Integer, Entry> e = s.entries.higherEntry(n.after());
                out.send(n.requester(), e == null ? new Failed(Errno.ENOENT) : new NextIdIs(e.getKey()));
            }
        }
    }

    static State apply(State s, IdrEvent e) {
        TreeMap<Integer, Entry> entries = new TreeMap<>(s.entries);
        return switch (e) {
            case Event.IdAllocated a -> {
                entries.put(a.id(), new Entry(a.object(), a.settled()));
                yield new State(s.self, s.kind, a.id() + 1, entries);
            }
            case Event.IdSettled st -> {
                entries.put(st.id(), new Entry(entries.get(st.id()).object(), true));
                yield new State(s.self, s.kind, s.next, entries);
            }
            case Event.IdFreed f -> {
                entries.remove(f.id());
                yield new State(s.self, s.kind, s.next, entries);
            }
        };
    }
}
