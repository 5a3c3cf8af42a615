package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.loadtest.report.Check;
import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.StepRecord;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SequencedMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The balance check reads a passivated object's final state from the world's summary, not from
 * its actor (stopped): a freed prog that a file still holds is reported as such.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the balance check over passivated objects")
class BalancePassivatedTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    ActorTestKit kit;

    @BeforeAll
    void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("pekko.persistence.journal.plugin = "
                + "\"pekko.persistence.journal.inmem\"\npekko.persistence.snapshot-store.plugin = "
                + "\"pekko.persistence.no-snapshot-store\"").withFallback(ConfigFactory.load()));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    @DisplayName("a freed, passivated prog still held by a file breaks 'refcounts equal holders', named")
    void unbalancedPassivatedObjectIsCaught() throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", "rm-during-cats.scn")), Semantics.LINUX);
        LiveWorld w = new LiveWorld("balance-passivated", env, LocalRegistry.on(kit.system()));
        w.countGone(); // as the load test does: the prog is freed but not counted away (listed kinds are kept)
        ProgId p = new ProgId("t", 1);
        FileId f = new FileId("t", 1);
        TaskId t = new TaskId("t");
        ActorRef<Command> prog = ((LocalRegistry) w.registry()).ref(p);
        w.tell(p, new Command.Born(new Event.ProgLoaded(p, "dump_task", IterTarget.TASK, 0, false)));
        w.tell(f, new Command.Born(new Event.FileOpened(f, FileKind.PROG, p, null))); // the file holds the prog
        TestProbe<StepRecord> steps = kit.createTestProbe();
        // the prog's only counted reference is put: it is freed while the file still holds it
        w.tell(p, new Command.Deliver(t, new Msg.Put(p, PutMode.DIRECT, t), steps.getRef()));
        steps.receiveMessage(TIMEOUT);
        kit.createTestProbe().expectTerminated(prog, TIMEOUT);

        SequencedMap<ActorId, ObjectState> states = LiveRun.states(kit.system(), w, TIMEOUT)
                .toCompletableFuture().get();
        assertTrue(states.get(p).freed(), "the passivated prog's final state is there: " + states.get(p));
        Check c = Balance.of(states, w.goneCounted()).get(1);
        assertFalse(c.passed(), c.detail());
        assertTrue(c.detail().contains(p.key() + ": freed while " + f.key() + " still hold it"), c.detail());
        w.closing();
        w.registry().stopAll();
    }
}
