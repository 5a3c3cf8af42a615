package bpflife.actors;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The world's own journal ({@code NAME|world}): one {@link WorldCreated}, written once, so that a
 * name is taken by one run only and a replay knows the scenario and semantics; then, when the run
 * ends, one {@link WorldEnded} saying how (complete, stopped, interrupted, failed).
 */
public final class WorldBehavior extends EventSourcedBehavior<WorldBehavior.Cmd, WorldEntry, WorldBehavior.State> {

    public sealed interface Cmd {}

    /** Creates the world unless it exists; replies the world's metadata and whether this call created it. */
    public record Create(WorldCreated meta, ActorRef<Created> replyTo) implements Cmd {}

    /** Records how the world ended; replies once it is written (a resumed world may end again: the last end counts). */
    public record End(WorldEnded ended, ActorRef<Ended> replyTo) implements Cmd {}

    /** Stops the actor (its journal stays). */
    public record Stop() implements Cmd {}

    public record Created(WorldCreated meta, boolean created) {}

    /** The world's end as written; null if the world was never created. */
    public record Ended(WorldEnded ended) {}

    /** What the world's journal holds: its creation (null before) and its end (null while running). */
    public record State(WorldCreated meta, WorldEnded ended) {}

    private final Set<String> tags;

    private WorldBehavior(String world) {
        super(PersistenceId.ofUniqueId(world + "|" + bpflife.protocol.ActorId.WORLD.key()));
        this.tags = Set.of(LiveWorld.tag(world));
    }

    public static Behavior<Cmd> create(String world) {
        return new WorldBehavior(world);
    }

    @Override
    public State emptyState() {
        return new State(null, null);
    }

    @Override
    public Set<String> tagsFor(WorldEntry event) {
        return tags;
    }

    @Override
    public CommandHandler<Cmd, WorldEntry, State> commandHandler() {
        return (state, cmd) -> switch (cmd) {
            case Create c when state.meta() != null -> Effect().none()
                    .thenRun(s -> c.replyTo().tell(new Created(state.meta(), false)));
            case Create c -> Effect().persist((WorldEntry) c.meta())
                    .thenRun(s -> c.replyTo().tell(new Created(c.meta(), true)));
            case End e when state.meta() == null -> Effect().none()
                    .thenRun(s -> e.replyTo().tell(new Ended(state.ended())));
            case End e -> Effect().persist((WorldEntry) e.ended())
                    .thenRun(s -> e.replyTo().tell(new Ended(e.ended())));
            case Stop s -> Effect().stop();
        };
    }

    @Override
    public EventHandler<State, WorldEntry> eventHandler() {
        return (state, e) -> switch (e) {
            case WorldCreated c -> new State(c, state.ended());
            case WorldEnded d -> new State(state.meta(), d);
        };
    }
}
