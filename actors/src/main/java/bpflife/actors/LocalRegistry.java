package bpflife.actors;

import bpflife.protocol.ActorId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

/**
 * The registry on one node: a map from id to actor ref, each actor made on first use (a top-level
 * actor named after {@link Registry#entityId}).
 */
public final class LocalRegistry implements Registry {
    private final ActorSystem<?> system;
    private final LiveWorld world;
    private final ConcurrentHashMap<ActorId, ActorRef<Command>> refs = new ConcurrentHashMap<>();
    private final List<ActorId> order = new ArrayList<>();

    private LocalRegistry(ActorSystem<?> system, LiveWorld world) {
        this.system = system;
        this.world = world;
    }

    /** For {@link LiveWorld}'s constructor: {@code new LiveWorld(name, env, LocalRegistry.on(system))}. */
    public static java.util.function.Function<LiveWorld, Registry> on(ActorSystem<?> system) {
        return w -> new LocalRegistry(system, w);
    }

    @Override
    public void tell(ActorId id, Command c) {
        ref(id).tell(c);
    }

    @Override
    public ActorRef<Command> ref(ActorId id) {
        ActorRef<Command> ref = refs.get(id);
        return ref != null ? ref : refs.computeIfAbsent(id, this::spawn);
    }

    private ActorRef<Command> spawn(ActorId id) {
        synchronized (order) {
            order.add(id);
        }
        String name = URLEncoder.encode(Registry.entityId(world.name(), id), StandardCharsets.UTF_8);
        return system.systemActorOf(ObjectBehavior.create(world, id), name, Props.empty());
    }

    @Override
    public List<ActorId> known() {
        synchronized (order) {
            return List.copyOf(order);
        }
    }

    @Override
    public void stopAll() {
        for (ActorId id : known()) {
            // ref, not refs.get: an id is known from inside its spawn, before the map holds its ref
            ref(id).tell(new Command.Stop());
        }
    }
}
