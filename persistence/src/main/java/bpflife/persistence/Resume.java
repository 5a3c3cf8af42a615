package bpflife.persistence;

import bpflife.actors.Command;
import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.model.Env;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Goes on with a world whose actor system stopped mid-run. Every object recovers its state (and
 * the channel numbers it has taken) from its own journal when it is first addressed; what was
 * lost is what was in flight, and the journal says exactly what that is: the messages the
 * recorded steps sent that no recorded step took, and the births no object recorded. Those are
 * told again, in their channels' order, before any object can send anew.
 */
public final class Resume {
    private Resume() {}

    /** What a stopped world still owes: births, then messages per channel in order. */
    public record Pending(List<Command.Born> births, List<ActorId> bornTo, List<Envelope> messages,
                          List<ActorId> senders) {
        public int size() {
            return births.size() + messages.size();
        }
    }

    private record Ch(ActorId from, ActorId to) {}

    /** Reads the world and works out what it owes. */
    public static Pending pending(Env env, WorldStream ws) {
        LinkedHashMap<Ch, List<Msg>> sent = new LinkedHashMap<>();
        Map<Ch, Long> delivered = new HashMap<>();
        LinkedHashMap<ActorId, Event> spawned = new LinkedHashMap<>();
        Set<ActorId> born = new HashSet<>();
        while (ws.hasNext()) {
            switch (ws.next()) {
                case WorldStream.Born b -> born.add(b.id());
                case WorldStream.Step s -> {
                    StepRecord r = s.record();
                    delivered.put(new Ch(r.sender(), r.receiver()), r.channelSeq());
                    for (Spawn sp : r.spawned()) {
                        spawned.put(sp.id(), sp.born());
                    }
                    for (Envelope e : r.sent()) {
                        sent.computeIfAbsent(new Ch(r.receiver(), e.to()), k -> new ArrayList<>()).add(e.msg());
                    }
                }
                case WorldStream.Created c -> { }
                case WorldStream.Ended e -> { }
            }
        }
        List<Command.Born> births = new ArrayList<>();
        List<ActorId> bornTo = new ArrayList<>();
        for (TaskId t : LiveRun.bootTasks(env.scenario())) {
            if (!born.contains(t)) {
                births.add(new Command.Born(Boot.birth(t)));
                bornTo.add(t);
            }
        }
        spawned.forEach((id, e) -> {
            if (!born.contains(id)) {
                births.add(new Command.Born(e));
                bornTo.add(id);
            }
        });
        List<Envelope> messages = new ArrayList<>();
        List<ActorId> senders = new ArrayList<>();
        TaskId setup = new TaskId(bpflife.model.scenario.Scenario.SETUP);
        if (!delivered.containsKey(new Ch(ActorId.WORLD, setup))) {
            messages.add(new Envelope(setup, new Msg.Start(new TreeMap<>())));
            senders.add(ActorId.WORLD);
        }
        sent.forEach((ch, msgs) -> {
            long done = delivered.getOrDefault(ch, 0L);
            for (int i = (int) done; i < msgs.size(); i++) {
                messages.add(new Envelope(ch.to(), msgs.get(i)));
                senders.add(ch.from());
            }
        });
        return new Pending(births, bornTo, messages, senders);
    }

    /** A stopped world, started again on {@code system}: what it owed re-sent, completing when it is over. */
    public record Resumed(LiveWorld world, Pending pending, CompletionStage<LiveRun.Outcome> outcome) {}

    public static Resumed start(Store store, String name, Duration timeout) {
        Env env;
        Pending p;
        try (WorldStream ws = WorldStream.open(store, name)) {
            env = LiveWorlds.env(ws.meta(), null);
            p = pending(env, ws);
        }
        ActorSystem<?> system = store.system();
        LiveWorld world = new LiveWorld(name, env, LocalRegistry.on(system));
        long started = System.nanoTime();
        world.hold();
        world.alone(() -> {
            for (int i = 0; i < p.births().size(); i++) {
                world.tell(p.bornTo().get(i), p.births().get(i));
            }
            for (int i = 0; i < p.messages().size(); i++) {
                Envelope e = p.messages().get(i);
                world.tell(e.to(), new Command.Deliver(p.senders().get(i), e.msg()));
            }
        });
        world.release();
        return new Resumed(world, p, LiveRun.finish(system, world, timeout, started));
    }
}
