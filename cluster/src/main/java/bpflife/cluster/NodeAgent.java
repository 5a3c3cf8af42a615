package bpflife.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A node's one actor that drivers talk to (found through the receptionist): opens and closes
 * worlds here, answers the counters, holds and lets go a world's commands during a recovery.
 */
final class NodeAgent {
    private NodeAgent() {}

    static final ServiceKey<Wire> KEY = ServiceKey.create(Wire.class, "bpflife-node");

    static Behavior<Wire> create(NodeWorlds worlds, String node) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
            return Behaviors.receive(Wire.class)
                    .onMessage(Wire.OpenWorld.class, o -> {
                        worlds.get(o.world()).open(o.driver());
                        o.replyTo().tell(new Wire.Opened(o.world(), node));
                        return Behaviors.same();
                    })
                    .onMessage(Wire.CloseWorld.class, c -> {
                        NodeWorld w = worlds.get(c.world());
                        w.flush();
                        worlds.close(c.world());
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Count.class, c -> {
                        c.replyTo().tell(worlds.get(c.world()).counts(node));
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Pause.class, p -> {
                        NodeWorld w = worlds.get(p.world());
                        java.util.Map<String, Long> held = w.pause();
                        w.flush();
                        p.replyTo().tell(new Wire.Paused(p.world(), node, held));
                        return Behaviors.same();
                    })
                    .onMessage(Wire.ReleaseBirths.class, u -> {
                        worlds.get(u.world()).releaseBirths();
                        return Behaviors.same();
                    })
                    .onMessage(Wire.Unpause.class, u -> {
                        worlds.get(u.world()).unpause();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
