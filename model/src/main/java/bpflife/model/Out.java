package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayList;
import java.util.List;

/** Collects one step's decision. Local to one call of a step function, never shared. */
public final class Out {
    // made on first use: most steps have no spawn, many no event or no message (the explorer runs millions)
    private List<Event> events;
    private List<Spawn> spawned;
    private List<Envelope> sent;
    private Result reply;
    private Fault fault;

    public Out event(Event e) {
        if (events == null) {
            events = new ArrayList<>(2);
        }
        events.add(e);
        return this;
    }

    public Out send(ActorId to, Msg m) {
        if (to != null) {
            if (sent == null) {
                sent = new ArrayList<>(2);
            }
            sent.add(new Envelope(to, m));
        }
        return this;
    }

    public Out spawn(ActorId id, Event born) {
        if (spawned == null) {
            spawned = new ArrayList<>(2);
        }
        spawned.add(new Spawn(id, born));
        return this;
    }

    public Out reply(Result r) {
        if (reply != null) {
            throw new IllegalStateException("one step returns at most one system call");
        }
        reply = r;
        return this;
    }

    public Out fault(Fault f) {
        if (fault == null) {
            fault = f;
        }
        return this;
    }

    public Decision done() {
        return new Decision(copy(events), copy(spawned), copy(sent), reply, fault);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
