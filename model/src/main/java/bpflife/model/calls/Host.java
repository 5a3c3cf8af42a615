package bpflife.model.calls;

import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;

/**
 * What the model gives one step of a task: the task's state, the scenario, the semantics' rules
 * the calls read ({@link Rules}), and where the step's decisions go. The model's {@code Task} implements it, so
 * that this package depends on the model's scenario and on protocol only.
 */
public interface Host {

    /** The task's state, with every event of this step so far applied. */
    TaskState task();

    Scenario scenario();

    /** Journals {@code e} and applies it to {@link #task()}. */
    void event(Event.TaskEvent e);

    void send(ActorId to, Msg m);

    void spawn(ActorId id, Event born);

    void reply(Result r);

    /** The semantics' rules the calls read. */
    Rules rules();
}
