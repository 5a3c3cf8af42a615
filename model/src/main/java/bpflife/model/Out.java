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
    private final List<Event> events = new ArrayList<>(4);
    private final List<Spawn> spawned = new ArrayList<>(2);
    private final List<Envelope> sent = new ArrayList<>(4);
    private Result reply;
    private Fault fault;

    public Out event(Event e) {
        events.add(e);
        return this;
    }

    public Out send(ActorId to, Msg m) {
        if (to != null) {
            sent.add(new Envelope(to, m));
        }
        return this;
    }

    public Out spawn(ActorId id, Event born) {
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
        return new Decision(List.copyOf(events), List.copyOf(spawned), List.copyOf(sent), reply, fault);
    }
}
