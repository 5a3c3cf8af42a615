package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which actors a registry names as new ({@link NewEntities}): the actor made for an object's birth
 * in a world this run created; never one made for anything else (an object forgotten after its
 * passivation and reached again), nor one of a world not known to be new, and none once the
 * world's actors are stopped. (The in-memory journal of this kit does not take the marks, so they stay
 * until the registry removes them; the H2 journal's side is persistence's NewObjectRecoveryTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("new entities")
class NewEntitiesTest {
    ActorTestKit kit;
    Env env;

    @BeforeAll
    void start() throws Exception {
        kit = LiveRunTest.testKit();
        env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", "rm-during-cats.scn")), Semantics.LINUX);
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private static Command.Born birth(ProgId p) {
        return new Command.Born(new Event.ProgLoaded(p, "dump_task", IterTarget.TASK, 0, false));
    }

    @Test
    @DisplayName("a new world's registry names an object's first actor, made for its birth, as new, until its world's actors are stopped")
    void markedUntilStopped() {
        LiveWorld w = new LiveWorld("new-entities", env, LocalRegistry.forNewWorld(kit.system()));
        ProgId p = new ProgId("t", 1);
        w.tell(p, birth(p));
        NewEntities fresh = NewEntities.of(kit.system());
        String pid = w.persistenceId(p);
        w.closing();
        w.registry().stopAll();
        assertFalse(fresh.take(pid), pid + " still marked new after its world's actors stopped");

        LiveWorld again = new LiveWorld("new-entities-2", env, LocalRegistry.forNewWorld(kit.system()));
        again.tell(p, birth(p));
        assertTrue(fresh.take(again.persistenceId(p)), "a new world's object is marked new");
        again.closing();
        again.registry().stopAll();
    }

    @Test
    @DisplayName("an actor made for anything but a birth is not marked, even in a new world: an object the "
            + "registry forgot after its passivation (counted gone) is made again by a later message")
    void onlyABirthMarks() {
        LiveWorld w = new LiveWorld("new-entities-3", env, LocalRegistry.forNewWorld(kit.system()));
        ProgId p = new ProgId("t", 2);
        TaskId t = new TaskId("t");
        w.tell(p, new Command.Deliver(t, new Msg.Put(p, PutMode.DIRECT, t)));
        assertFalse(NewEntities.of(kit.system()).take(w.persistenceId(p)), "marked by a delivery");
        ProgId q = new ProgId("t", 3);
        ((LocalRegistry) w.registry()).ref(q);
        assertFalse(NewEntities.of(kit.system()).take(w.persistenceId(q)), "marked by an ask");
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("a registry for a world not known to be new (a resumed one) marks nothing")
    void resumedWorldMarksNothing() {
        LiveWorld w = new LiveWorld("not-new", env, LocalRegistry.on(kit.system()));
        ProgId p = new ProgId("t", 1);
        w.tell(p, birth(p));
        assertFalse(NewEntities.of(kit.system()).take(w.persistenceId(p)));
        w.closing();
        w.registry().stopAll();
    }
}
