package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.IdKind;
import bpflife.protocol.StepRecord;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live runtime on Pekko's in-memory test journal: every shipped scenario runs on real
 * threads, and the steps it persisted, taken in the order they were persisted, replay through the
 * deterministic runtime to the same records, a clean verdict and the same final listings.
 */
// one test kit for the class, made in @BeforeAll and shut down once in @AfterAll (Pekko's
// TestKitJUnit5Extension would shut down only the last of several test kits)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("live runs on the in-memory journal")
class LiveRunTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int RUNS = 3;

    ActorTestKit kit;
    PersistenceTestKit journal;
    int worlds;

    /** A test kit on Pekko's in-memory journal, events kept as objects (shared with the other live-run tests). */
    static ActorTestKit testKit() {
        return ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
                .withFallback(ConfigFactory.parseString("pekko.persistence.testkit.events.serialize = off\n"
                        // no object takes snapshots: say so, where Pekko warned that none was configured
                        + "pekko.persistence.snapshot-store.plugin = \"pekko.persistence.no-snapshot-store\""))
                .withFallback(ConfigFactory.load()));
    }

    @BeforeAll
    void start() {
        kit = testKit();
        journal = PersistenceTestKit.create(kit.system());
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("..", "scenarios"))) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("runs live, and its persisted steps replay exactly with a clean verdict")
    void liveRunReplays(Path file) throws Exception {
        Scenario sc = ScenarioParser.parseFile(file);
        Env env = new Env(sc, Semantics.LINUX);
        for (int i = 0; i < RUNS; i++) {
            LiveWorld w = new LiveWorld("t" + (++worlds), env, LocalRegistry.on(kit.system()));
            List<StepRecord> persisted = Collections.synchronizedList(new ArrayList<>());
            w.listener((who, r) -> persisted.add(r));
            LiveRun.Outcome out = LiveRun.run(kit.system(), w, TIMEOUT).toCompletableFuture().get();
            assertEquals(out.steps(), persisted.size());
            assertEquals(0, w.inFlight());

            List<Choice> schedule = persisted.stream().map(Choice::of).toList();
            RunResult replay = new DeterministicRuntime(env, new ReplayStrategy(schedule), Stepper.KERNEL,
                    DeterministicRuntime.Options.DEFAULT).run();
            assertEquals(persisted.size(), replay.steps());
            for (int k = 0; k < persisted.size(); k++) {
                StepRecord live = persisted.get(k);
                StepRecord det = replay.records().get(k);
                assertEquals(withPosition(live, k + 1), det, "step " + (k + 1));
            }
            Report rep = Report.of(replay);
            assertTrue(rep.pass(), file + ": " + rep.violations() + " " + rep.firstFailure());
            assertEquals(Listings.show(replay.states(), IdKind.LINK), Listings.show(out.states(), IdKind.LINK));
            assertEquals(Listings.show(replay.states(), IdKind.PROG), Listings.show(out.states(), IdKind.PROG));
            w.closing();
            w.registry().stopAll();
        }
    }

    @Test
    @DisplayName("each object's journal holds its birth, then its steps with channel numbers from 1")
    void journalPerObject() throws Exception {
        Scenario sc = ScenarioParser.parseFile(Path.of("..", "scenarios", "rm-during-cats.scn"));
        LiveWorld w = new LiveWorld("per-object", new Env(sc, Semantics.LINUX), LocalRegistry.on(kit.system()));
        LiveRun.run(kit.system(), w, TIMEOUT).toCompletableFuture().get();
        String pid = w.persistenceId(new ActorId.TaskId("setup"));
        List<Object> entries = journal.persistedInStorage(pid);
        assertEquals(new Birth(new bpflife.protocol.Event.TaskCreated(new ActorId.TaskId("setup"), false)),
                entries.get(0));
        StepRecord start = (StepRecord) entries.get(1);
        assertEquals(ActorId.WORLD, start.sender());
        assertEquals(1, start.channelSeq());
        long seq = 0;
        for (Object e : entries.subList(2, entries.size())) {
            StepRecord r = (StepRecord) e;
            if (r.sender().equals(new ActorId.TaskId("setup"))) {
                assertEquals(++seq, r.channelSeq(), "setup's own Continue messages are numbered 1, 2, ...");
            }
        }
        assertTrue(seq > 0);
        w.closing();
        w.registry().stopAll();
    }

    static StepRecord withPosition(StepRecord r, long position) {
        return new StepRecord(position, r.receiver(), r.sender(), r.channelSeq(), r.message(), r.events(), r.spawned(),
                r.sent(), r.reply());
    }
}
