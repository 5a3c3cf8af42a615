package bpflife.explore;

import bpflife.model.Decision;
import bpflife.model.Env;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;

/**
 * The step function a runtime drives: the model's {@link Kernel#step} unless a test substitutes a
 * deliberately broken one to show that an invariant trips.
 */
@FunctionalInterface
public interface Stepper {
    Stepper KERNEL = Kernel::step;

    Decision step(Env env, ObjectState state, ActorId sender, Msg message);
}
