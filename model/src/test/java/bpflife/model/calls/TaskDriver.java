package bpflife.model.calls;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.Task;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord.Envelope;
import java.util.List;
import java.util.TreeMap;

/**
 * Plays the kernel's objects for one task: delivers the replies a test chooses and shows what
 * the task decided. The task's own Continue between two calls is delivered by {@link #next()}.
 */
final class TaskDriver {
    private static final ActorId KERNEL = ActorId.SYNC; // who sends the replies does not matter to a task

    private final Env env;
    private final TaskId self;
    private ObjectState state;
    private Decision last;

    TaskDriver(Semantics semantics, String task, String scenario) {
        this.env = new Env(ScenarioParser.parse("test.scn", scenario), semantics);
        this.self = new TaskId(task);
        this.state = Kernel.born(new Event.TaskCreated(self, false));
    }

    /** Starts the task: it enters its first call. */
    TaskDriver start() {
        return deliver(new Msg.Start(new TreeMap<>()));
    }

    /** The task goes on to its next call. */
    TaskDriver next() {
        return deliver(new Msg.Continue());
    }

    TaskDriver deliver(Msg m) {
        last = Kernel.step(env, state, KERNEL, m);
        state = Kernel.applyAll(state, last.events());
        return this;
    }

    Task.State task() {
        return (Task.State) state;
    }

    /** The state the task's call waits in. */
    Call at() {
        return task().at();
    }

    /** What the last delivery sent, in order. */
    List<Envelope> sent() {
        return last.sent();
    }

    /** The messages of the last delivery, without the task's own Continue. */
    List<Msg> sentTo(ActorId to) {
        return last.sent().stream().filter(e -> e.to().equals(to)).map(Envelope::msg).toList();
    }

    /** What the last delivery returned to user space, or null. */
    Result reply() {
        return last.reply();
    }

    Decision last() {
        return last;
    }
}
