package bpflife.actors;

import bpflife.protocol.ActorId;

/**
 * The one way a live object reaches another: by its typed id. {@link LocalRegistry} keeps a map
 * of actor refs on one node; the id ({@link #entityId}) is all another implementation would need.
 *
 * <p>Objects are made on first use: a made-at-run-time object stashes everything until its
 * {@link Command.Born}, which its creator sends before any other message.
 */
public interface Registry {

    /** {@code w1|link:setup.3}: the object's actor name and persistence id. */
    static String entityId(String world, ActorId id) {
        return world + "|" + id.key();
    }

    /** Sends {@code c} to the object {@code id} of this registry's world, making the actor if needed. */
    void tell(ActorId id, Command c);

    /** The object's ref, for asks (its actor made if needed). */
    org.apache.pekko.actor.typed.RecipientRef<Command> ref(ActorId id);

    /** Every object this registry has addressed, in the order first addressed. */
    java.util.List<ActorId> known();

    /** Stops every actor of the world (their journals stay). */
    void stopAll();

    /**
     * Object {@code id} can receive nothing more ({@link Gone}): stop its actor, to free its memory
     * (its journal stays). A message told to it afterwards must not be lost: it waits until the
     * actor has stopped ({@link #passivated}) and then goes to a new actor, which recovers from the
     * journal. Called by the object's own actor between two steps. The default keeps every actor.
     */
    default void passivate(ActorId id) {
    }

    /** The actor of {@code id} has stopped after {@link #passivate}. */
    default void passivated(ActorId id) {
    }

    /**
     * Gone object {@code id} is only counted ({@link Gone#counted}): drop it from {@link #known}, so
     * that nothing is kept per object. The default keeps it.
     */
    default void forget(ActorId id) {
    }

    /** Whether {@code id} was {@link #forget forgotten} and has no actor now (it sends nothing again). */
    default boolean forgotten(ActorId id) {
        return false;
    }

    /**
     * Whether senders number their messages ({@link Command.Deliver#n}): where a message can be
     * re-sent after a lost node (a cluster), so that a receiver takes it once. Off on one JVM, where
     * nothing is re-sent: no count per receiver kept there.
     */
    default boolean numbersMessages() {
        return false;
    }
}
