package bpflife.cluster;

import bpflife.protocol.ActorId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import java.util.function.Function;

/**
 * The two entity types of a cluster world, keyed {@code WORLD|OBJECT} ({@link bpflife.actors.Registry#entityId}):
 * tasks, remembered (a lost node's tasks start again on a survivor at once and recover from the
 * journal), and every other object, started by its first message. Only members with role
 * {@value ClusterConfig#NODE} host them; a driver's regions are proxies. A shard stops an entity
 * (passivation, a closed world, a hand-off) with {@link bpflife.actors.Command.Passivate}, which the
 * object takes once idle (after the step it is persisting and the messages waiting for it), not
 * {@code Stop}, which would drop them.
 */
public final class Shards {
    public static final EntityTypeKey<Object> TASKS = EntityTypeKey.create(Object.class, "bpflife-task");
    public static final EntityTypeKey<Object> OBJECTS = EntityTypeKey.create(Object.class, "bpflife-object");

    final ClusterSharding sharding;
    final ActorRef<ShardingEnvelope<Object>> tasks;
    final ActorRef<ShardingEnvelope<Object>> objects;

    private Shards(ClusterSharding sharding, ActorRef<ShardingEnvelope<Object>> tasks,
                   ActorRef<ShardingEnvelope<Object>> objects) {
        this.sharding = sharding;
        this.tasks = tasks;
        this.objects = objects;
    }

    /** A node's regions: its entities made by {@code entity}. */
    static Shards host(ActorSystem<?> system, Function<EntityContext<Object>, Behavior<Object>> entity) {
        ClusterSharding s = ClusterSharding.get(system);
        return new Shards(s,
                s.init(Entity.of(TASKS, entity::apply).withRole(ClusterConfig.NODE)
                        .withSettings(org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings.create(system)
                                .withRememberEntities(true))
                        .withStopMessage(new bpflife.actors.Command.Passivate())),
                s.init(Entity.of(OBJECTS, entity::apply).withRole(ClusterConfig.NODE)
                        .withStopMessage(new bpflife.actors.Command.Passivate())));
    }

    /** Regions a test gives (no cluster); nothing reaches them while a registry is paused. */
    static Shards of(ActorRef<ShardingEnvelope<Object>> tasks, ActorRef<ShardingEnvelope<Object>> objects) {
        return new Shards(null, tasks, objects);
    }

    /** A driver's proxies (it hosts nothing; the entity factory is never called here). */
    static Shards proxy(ActorSystem<?> system) {
        return host(system, ctx -> {
            throw new IllegalStateException("a driver hosts no object: " + ctx.getEntityId());
        });
    }

    ActorRef<ShardingEnvelope<Object>> region(ActorId id) {
        return id instanceof ActorId.TaskId ? tasks : objects;
    }

    EntityTypeKey<Object> key(ActorId id) {
        return id instanceof ActorId.TaskId ? TASKS : OBJECTS;
    }
}
