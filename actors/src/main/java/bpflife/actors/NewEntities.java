package bpflife.actors;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The persistence ids of objects a registry has just made in a world whose creation this run
 * recorded (so the journal holds nothing of them): their first recovery need not ask the journal.
 * Pekko's recovery asks the journal for an entity's highest sequence number even when it is new, one
 * query per object made, tens of thousands in a load (issue 16); the journal's DAO takes an id out
 * of this set with {@link #take} and answers 0 without a query. Taken once: an actor made again for
 * the same object (after a passivation) recovers from the journal as usual.
 *
 * <p>One per actor system, where the registries (actors) and the journal's DAO (persistence) both
 * reach it.
 */
public final class NewEntities implements Extension {
    private static final Id ID = new Id();

    private static final class Id extends AbstractExtensionId<NewEntities> {
        @Override
        public NewEntities createExtension(ExtendedActorSystem system) {
            return new NewEntities();
        }
    }

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    private NewEntities() {}

    public static NewEntities of(ClassicActorSystemProvider system) {
        return ID.get(system.classicSystem());
    }

    /** {@code persistenceId}'s entity is being made now and has nothing in the journal. */
    public void add(String persistenceId) {
        ids.add(persistenceId);
    }

    /** Whether {@code persistenceId} was new and not yet recovered; once true, false from then on. */
    public boolean take(String persistenceId) {
        return ids.remove(persistenceId);
    }

    /**
     * The world's run is over in this JVM: {@code persistenceId} is no longer known to be new. An
     * actor stopped before it recovered would otherwise leave its id here, and a later actor of the
     * same object (a resumed world in the same JVM) would skip a journal that now holds its steps.
     */
    public void forget(String persistenceId) {
        ids.remove(persistenceId);
    }
}
