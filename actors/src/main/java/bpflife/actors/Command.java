package bpflife.actors;

import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a live object accepts. Only {@link Deliver} and {@link Born} are part of the model's run
 * (both counted in flight); the others are how a driver or a test looks at an object.
 *
 * <p>Local only for now: {@code replyTo} refs are Pekko refs and the commands are not bound to a
 * serializer. Cluster Sharding would add a binding for these records (they hold protocol types
 * and refs, which pekko-serialization-jackson handles).
 */
public sealed interface Command {

    /**
     * A model message from {@code sender}. {@code replyTo} (usually null) is told the step's
     * record once it is persisted: for a driver or a test that pokes one object. {@code n} is the
     * message's number on its channel (the sender's n-th message to this receiver, which the
     * receiver records as channelSeq n), or 0: unnumbered, always taken. A receiver drops a numbered
     * message it has taken already (a cluster's recovery re-sent it and the original came too).
     */
    record Deliver(ActorId sender, Msg msg, ActorRef<StepRecord> replyTo, long n) implements Command {
        public Deliver(ActorId sender, Msg msg) {
            this(sender, msg, null, 0);
        }

        public Deliver(ActorId sender, Msg msg, ActorRef<StepRecord> replyTo) {
            this(sender, msg, replyTo, 0);
        }

        public Deliver(ActorId sender, Msg msg, long n) {
            this(sender, msg, null, n);
        }
    }

    /** The object was made by a step (or by the world at boot): its birth event. Always its first command. */
    record Born(Event born) implements Command {}

    /** The object's current model state (null while unborn) and how many steps it has taken. */
    record GetState(ActorRef<Current> replyTo) implements Command {}

    /** For tasks: tell {@code replyTo} once the task has exited (at once if it has). */
    record WhenExited(ActorRef<Exited> replyTo) implements Command {}

    /** Stop the actor (its journal stays). */
    record Stop() implements Command {}

    /**
     * Stop once idle: the object can receive nothing more ({@link Registry#passivate}). Told by
     * the registry, behind every message told to the object before it.
     */
    record Passivate() implements Command {}

    /** The reply to {@link GetState}. */
    record Current(ActorId id, ObjectState state, long steps) {}

    /** The reply to {@link WhenExited}. */
    record Exited(ActorId task) {}
}
