package bpflife.actors;

import bpflife.protocol.ActorId;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The one way a live object reaches another: by its typed id. The local implementation keeps a
 * map of actor refs ({@link LocalRegistry}); with Cluster Sharding the same ids become
 * {@code EntityRef}s of {@link #TYPE_KEY} (entity id = {@link #entityId}) and the objects move to
 * the nodes that own them: configuration, not a rewrite.
 *
 * <p>Objects are made on first use, as sharded entities are: a made-at-run-time object stashes
 * everything until its {@link Command.Born}, which its creator sends before any other message.
 */
public interface Registry {

    /** Every modelled object is one entity type; its kind is in its id. */
    EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "bpflife-object");

    /** {@code w1|link:setup.3}: the entity id, also the object's persistence id. */
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
}
