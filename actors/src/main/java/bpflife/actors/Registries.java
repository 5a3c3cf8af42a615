package bpflife.actors;

import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Which {@link Registry} a world made on an actor system gets: the one-node {@link LocalRegistry}
 * unless a cluster driver installed its sharded registry for that system (bpflife.cluster). A
 * driver (the load test) asks here instead of naming LocalRegistry, so the same driver runs on one
 * JVM or across a cluster.
 */
public final class Registries {
    private Registries() {}

    /**
     * By identity: two actor systems of one name (every member of a cluster is "bpflife") are equal
     * as refs, so a map keyed by them gave a second driver in the same JVM the first one's system.
     */
    private static final Map<ActorSystem<?>, Function<LiveWorld, Registry>> INSTALLED =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** From now on, worlds made on {@code system} reach their objects through {@code registry}. */
    public static synchronized void install(ActorSystem<?> system, Function<LiveWorld, Registry> registry) {
        INSTALLED.put(system, registry);
        system.getWhenTerminated().thenRun(() -> INSTALLED.remove(system)); // held no longer than its system
    }

    /** For {@link LiveWorld}'s constructor: the installed registry of {@code system}, else the local one. */
    public static synchronized Function<LiveWorld, Registry> on(ActorSystem<?> system) {
        Function<LiveWorld, Registry> r = INSTALLED.get(system);
        return r != null ? r : LocalRegistry.on(system);
    }

    /** As {@link #on}, for a world whose creation this run has just recorded ({@link LocalRegistry#forNewWorld}). */
    public static synchronized Function<LiveWorld, Registry> forNewWorld(ActorSystem<?> system) {
        Function<LiveWorld, Registry> r = INSTALLED.get(system);
        return r != null ? r : LocalRegistry.forNewWorld(system);
    }
}
