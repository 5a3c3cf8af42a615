package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Choice;
import bpflife.protocol.StepRecord;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tasks whose start the driver chooses: started when it says, once; dropped ones never born; the journal replays. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("deferred task starts")
class DeferredStartsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    ActorTestKit kit;

    @BeforeAll
    void start() {
        // Pekko's in-memory journal: the gate's behaviour does not depend on the store
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.persistence.journal.plugin = "
                + "\"pekko.persistence.journal.inmem\"\npekko.persistence.snapshot-store.plugin = "
                + "\"pekko.persistence.no-snapshot-store\"").withFallback(ConfigFactory.load()));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private void exited(LiveWorld w, TaskId t) throws Exception {
        // through the registry: a task that exited may be passivated while the ask is on its way
        LiveRun.<Command.Exited>ask(kit.system(), w, t, Command.WhenExited::new, TIMEOUT).get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("two of three tasks started by the driver, the third dropped: the world ends and replays")
    void startSomeDropTheRest() throws Exception {
        Scenario sc = ScenarioParser.parseFile(Path.of("..", "scenarios", "rm-during-cats.scn"));
        Env env = new Env(sc, Semantics.LINUX);
        LiveWorld w = new LiveWorld("deferred", env, LocalRegistry.on(kit.system()));
        List<StepRecord> persisted = Collections.synchronizedList(new ArrayList<>());
        w.listener((who, r) -> persisted.add(r));
        TaskId cat1 = new TaskId("cat1");
        TaskId cat2 = new TaskId("cat2");
        TaskId rm = new TaskId("rm");
        DeferredStarts starts = new DeferredStarts(w, List.of(cat1, cat2, rm));
        LiveRun.boot(w, List.of(cat1, cat2, rm));

        assertTrue(starts.start(cat1), "a start asked for before setup sent it goes through when it does");
        assertFalse(starts.start(cat1), "a task starts once");
        exited(w, new TaskId(Scenario.SETUP));
        assertTrue(starts.start(cat2));
        exited(w, cat1);
        exited(w, cat2);
        assertEquals(1, starts.drop(), "rm's start was held, never delivered");
        assertFalse(starts.start(rm), "a dropped task does not start");
        w.quiet().get(30, TimeUnit.SECONDS);
        assertEquals(0, w.inFlight());
        assertFalse(w.registry().known().contains(rm), "a task never started is never born");

        List<Choice> schedule = persisted.stream().map(Choice::of).toList();
        RunResult replay = new DeterministicRuntime(env, new ReplayStrategy(schedule), Stepper.KERNEL,
                new DeterministicRuntime.Options(persisted.size(), true, null)).run();
        assertEquals(persisted.size(), replay.steps());
        for (int k = 0; k < persisted.size(); k++) {
            assertEquals(withPosition(persisted.get(k), k + 1), replay.records().get(k), "step " + (k + 1));
        }
        w.closing();
        w.registry().stopAll();
    }

    private static StepRecord withPosition(StepRecord r, long position) {
        return new StepRecord(position, r.receiver(), r.sender(), r.channelSeq(), r.message(), r.events(), r.spawned(),
                r.sent(), r.reply());
    }
}
