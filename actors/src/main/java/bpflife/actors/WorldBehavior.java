package bpflife.actors;

import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The world's own journal ({@code NAME|world}): one {@link WorldCreated}, written once, so that a
 * name is taken by one run only and a replay knows the scenario and semantics.
 */
public final class WorldBehavior extends EventSourcedBehavior<WorldBehavior.Cmd, WorldCreated, Optional<WorldCreated>> {

    public sealed interface Cmd {}

    /** Creates the world unless it exists; replies the world's metadata and whether this call created it. */
    public record Create(WorldCreated meta, ActorRef<Created> replyTo) implements Cmd {}

    /** Stops the actor (its journal stays). */
    public record Stop() implements Cmd {}

    public record Created(WorldCreated meta, boolean created) {}

    private final Set<String> tags;

    private WorldBehavior(String world) {
        super(PersistenceId.ofUniqueId(world + "|" + bpflife.protocol.ActorId.WORLD.key()));
        this.tags = Set.of(LiveWorld.tag(world));
    }

    public static Behavior<Cmd> create(String world) {
        return new WorldBehavior(world);
    }

    @Override
    public Optional<WorldCreated> emptyState() {
        return Optional.empty();
    }

    @Override
    public Set<String> tagsFor(WorldCreated event) {
        return tags;
    }

    @Override
    public CommandHandler<Cmd, WorldCreated, Optional<WorldCreated>> commandHandler() {
        return (state, cmd) -> switch (cmd) {
            case Create c when state.isPresent() -> Effect().none()
                    .thenRun(s -> c.replyTo().tell(new Created(state.get(), false)));
            case Create c -> Effect().persist(c.meta()).thenRun(s -> c.replyTo().tell(new Created(c.meta(), true)));
            case Stop s -> Effect().stop();
        };
    }

    @Override
    public EventHandler<Optional<WorldCreated>, WorldCreated> eventHandler() {
        return (state, e) -> Optional.of(e);
    }
}
