package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.LiveWorld;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A driver's registry, paused as during a recovery: what it told and what it holds are read at one
 * instant. The recovery's plan once read what was held, then (seconds later, after reading the
 * journal) whether a start had been told: a start the driver's gate told in between counted as told
 * and not held, so it was re-sent, and the held one went too (bench/cluster.sh kill 2000, 16:31 UTC:
 * task:setup -> task:rm_p2_21 took its Start twice).
 */
class ShardedRegistryTest {

    @Test
    void whatWasToldAndWhatIsHeldAreReadTogether() throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", "rm-during-cats.scn")), Semantics.LINUX);
        ShardedRegistry[] r = new ShardedRegistry[1];
        LiveWorld w = new LiveWorld("told-and-held", env, lw -> r[0] = new ShardedRegistry(Shards.of(null, null), lw,
                () -> { }, () -> CompletableFuture.failedFuture(new IllegalStateException("no states here"))));
        try {
            TaskId rm = new TaskId("rm");
            TaskId later = new TaskId("later");
            r[0].pause(); // a recovery: nothing reaches a region now (there is none here)
            r[0].tell(rm, new Command.Born(Boot.birth(rm)));
            r[0].tell(rm, new Command.Deliver(Boot.firstTask(), new Msg.Start(new java.util.TreeMap<>())));
            ShardedRegistry.Told told = r[0].snapshot();
            r[0].tell(later, new Command.Deliver(Boot.firstTask(), new Msg.Start(new java.util.TreeMap<>())));

            assertTrue(told.started().contains(rm) && told.born().contains(rm), "told: " + told);
            assertEquals(1L, told.held().get(Boot.firstTask().key() + ">" + rm.key()), "held: " + told.held());
            assertEquals(1L, told.held().get("born>" + rm.key()), "held: " + told.held());
            // what is told after the snapshot is in neither half of it: the plan neither re-sends it nor counts it held
            assertFalse(told.started().contains(later), "told: " + told);
            assertFalse(told.held().containsKey(Boot.firstTask().key() + ">" + later.key()), "held: " + told.held());
            assertTrue(r[0].toldStart(later));
        } finally {
            w.closing();
        }
    }
}
