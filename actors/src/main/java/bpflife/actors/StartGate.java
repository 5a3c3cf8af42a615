package bpflife.actors;

import bpflife.protocol.ActorId.TaskId;

/**
 * A driver's say over when tasks start: a world asks its gate about every {@link bpflife.protocol.Msg.Start}
 * told to a task (by setup, or by a forking parent), and a gate that keeps one tells it later
 * itself, or never. The world knows nothing of the driver's policy; the load test has one.
 *
 * <p>Assumptions and guarantees: a gate that keeps a start counts it in flight ({@link LiveWorld#hold()})
 * until it tells it ({@code world.registry().tell}) or gives it up ({@link LiveWorld#release()}), so
 * the world is not quiet while a start waits.
 */
@FunctionalInterface
public interface StartGate {
    /** True if the gate keeps {@code start}, told to {@code task}, to tell it later itself (or never). */
    boolean keep(TaskId task, Command start);
}
