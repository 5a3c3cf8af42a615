package bpflife.actors;

import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import java.util.SequencedMap;
import java.util.concurrent.CompletionStage;

/**
 * A registry whose objects' final states are read some other way than by asking each actor: a
 * cluster's objects live on other JVMs and their states do not travel, so they are folded from the
 * journal ({@link LiveRun#states} asks the registry first).
 */
public interface StateSource {
    /** Every object's current state, in the order the world first made or addressed them. */
    CompletionStage<SequencedMap<ActorId, ObjectState>> states();
}
