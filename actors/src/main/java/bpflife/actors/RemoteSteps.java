package bpflife.actors;

import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;

/**
 * For a driver whose world's objects run on other JVMs: the steps they persisted, told to the
 * driver's own {@link LiveWorld} as if its objects had taken them (step count, waits for a count,
 * the listener), in the order each node persisted them.
 */
public final class RemoteSteps {
    private RemoteSteps() {}

    public static void stepped(LiveWorld world, ActorId receiver, StepRecord r) {
        world.stepped(receiver, r);
    }
}
