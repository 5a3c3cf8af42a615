package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ServiceId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.SessionCounterEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.SessionIdIs;
import bpflife.protocol.Msg.ToSessionCounter;

/** The global atomic64 session_id counter of bpf_iter.c: one id per open / ITER_CREATE, from 1. */
public final class SessionCounter {
    private SessionCounter() {}

    public record State(ServiceId self, long last) implements ObjectState {}

    public static State initial() {
        return new State(ActorId.SESSION_COUNTER, 0);
    }

    static void step(Env env, State s, ToSessionCounter m, Out out) {
        switch (m) {
            case Msg.NextSessionId n -> out.event(new Event.SessionIdAllocated(s.last + 1))
                    .send(n.requester(), new SessionIdIs(s.last + 1));
        }
    }

    static State apply(State s, SessionCounterEvent e) {
        return switch (e) {
            case Event.SessionIdAllocated a -> new State(s.self, a.id());
        };
    }
}
