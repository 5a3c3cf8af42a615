package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.SyncEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.ToSync;
import bpflife.protocol.Msg.Woken;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * User-space signalling between scenario tasks ({@code signal NAME} / {@code wait NAME}): a set of
 * one-shot events, like a futex each. Not a kernel object; it only orders the tasks' steps.
 */
public final class Sync {
    private Sync() {}

    public record State(ServiceId self, TreeSet<String> signalled, TreeMap<String, List<TaskId>> waiters)
            implements ObjectState {}

    public static State initial() {
        return new State(ActorId.SYNC, new TreeSet<>(), new TreeMap<>());
    }

    static void step(Env env, State s, ToSync m, Out out) {
        switch (m) {
            case Msg.SyncSignal sig -> {
                if (s.signalled.contains(sig.name())) {
                    return;
                }
                out.event(new Event.Signalled(sig.name()));
                List<TaskId> parked = s.waiters.getOrDefault(sig.name(), List.of());
                if (!parked.isEmpty()) {
                    out.event(new Event.WaitersWoken(sig.name()));
                    for (TaskId t : parked) {
                        out.send(t, new Woken(sig.name()));
                    }
                }
            }
            case Msg.SyncWait w -> {
                if (s.signalled.contains(w.name())) {
                    out.send(w.requester(), new Woken(w.name()));
                } else {
                    out.event(new Event.WaiterParked(w.name(), w.requester()));
                }
            }
        }
    }

    static State apply(State s, SyncEvent e) {
        TreeSet<String> sig = new TreeSet<>(s.signalled);
        TreeMap<String, List<TaskId>> w = new TreeMap<>(s.waiters);
        switch (e) {
            case Event.Signalled x -> sig.add(x.name());
            case Event.WaiterParked p -> {
                List<TaskId> l = new ArrayList<>(w.getOrDefault(p.name(), List.of()));
                l.add(p.task());
                w.put(p.name(), List.copyOf(l));
            }
            case Event.WaitersWoken x -> w.remove(x.name());
        }
        return new State(s.self, sig, w);
    }
}
