package bpflife.cluster;

import bpflife.actors.LiveWorld;
import bpflife.actors.ObjectBehavior;
import bpflife.protocol.ActorId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;

/**
 * An object of a cluster world as a sharded entity: it waits (stashing) until this node has the
 * world's context, then is the same {@link ObjectBehavior} as on one JVM, recovered from its
 * journal wherever it starts. {@link Wire.Close} passivates it through its shard (so a remembered
 * task is forgotten when its world is over), as a gone object's own request does
 * ({@link ShardedRegistry#passivate}).
 */
final class ObjectEntity {
    private ObjectEntity() {}

    private record Ready(LiveWorld world, Throwable failure) {}

    /** Commands that arrive before the world's context is read here; far more than a start takes. */
    private static final int STASH = 100_000;

    static Behavior<Object> create(NodeWorlds worlds, EntityContext<Object> ctx) {
        String eid = ctx.getEntityId();
        int bar = eid.indexOf('|');
        String world = eid.substring(0, bar);
        ActorId id = ActorId.parse(eid.substring(bar + 1));
        ActorRef<ClusterSharding.ShardCommand> shard = ctx.getShard();
        return Behaviors.withStash(STASH, stash -> Behaviors.setup(c -> {
            c.pipeToSelf(worlds.world(world), Ready::new);
            return Behaviors.receive(Object.class)
                    .onMessage(Ready.class, r -> {
                        if (r.failure() != null) {
                            c.getLog().error("{}: the world's context could not be read: {}", eid, r.failure().toString());
                            return Behaviors.stopped();
                        }
                        NodeWorld here = worlds.get(world);
                        here.started(id, c.getSelf(), shard);
                        Behavior<Object> live = ObjectBehavior.create(r.world(), id).unsafeCast();
                        return stash.unstashAll(Behaviors.intercept(() -> new Closing(shard, c.getSelf(), here, id), live));
                    })
                    .onAnyMessage(m -> {
                        stash.stash(m);
                        return Behaviors.same();
                    })
                    .build();
        }));
    }

    /** Turns {@link Wire.Close} into a passivation; everything else goes to the object. */
    private static final class Closing extends BehaviorInterceptor<Object, Object> {
        private final ActorRef<ClusterSharding.ShardCommand> shard;
        private final ActorRef<Object> self;
        private final NodeWorld world;
        private final ActorId id;

        Closing(ActorRef<ClusterSharding.ShardCommand> shard, ActorRef<Object> self, NodeWorld world, ActorId id) {
            super(Object.class);
            this.shard = shard;
            this.self = self;
            this.world = world;
            this.id = id;
        }

        /** The node forgets a stopped entity (passivated, closed, handed off, failed): nothing is kept per object gone. */
        @Override
        public Behavior<Object> aroundSignal(TypedActorContext<Object> ctx, org.apache.pekko.actor.typed.Signal signal,
                                             SignalTarget<Object> target) {
            if (signal instanceof org.apache.pekko.actor.typed.PostStop) {
                world.stopped(id, self);
            }
            return target.apply(ctx, signal);
        }

        @Override
        public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object m, ReceiveTarget<Object> target) {
            if (m instanceof Wire.Close) {
                shard.tell(new ClusterSharding.Passivate<>(self));
                return Behaviors.same();
            }
            return target.apply(ctx, m);
        }
    }
}
