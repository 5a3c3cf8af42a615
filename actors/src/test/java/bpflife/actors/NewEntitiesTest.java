package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId.ProgId;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which actors a registry names as new ({@link NewEntities}): the first actor of each object of a
 * world this run created, never one of a world not known to be new, and none once the world's
 * actors are stopped. (The in-memory journal of this kit does not take the marks, so they stay
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

    @Test
    @DisplayName("a new world's registry names an object's first actor as new, until its world's actors are stopped")
    void markedUntilStopped() {
        LiveWorld w = new LiveWorld("new-entities", env, LocalRegistry.forNewWorld(kit.system()));
        ProgId p = new ProgId("t", 1);
        ((LocalRegistry) w.registry()).ref(p);
        NewEntities fresh = NewEntities.of(kit.system());
        String pid = w.persistenceId(p);
        w.closing();
        w.registry().stopAll();
        assertFalse(fresh.take(pid), pid + " still marked new after its world's actors stopped");

        LiveWorld again = new LiveWorld("new-entities-2", env, LocalRegistry.forNewWorld(kit.system()));
        ((LocalRegistry) again.registry()).ref(p);
        assertTrue(fresh.take(again.persistenceId(p)), "a new world's object is marked new");
        again.closing();
        again.registry().stopAll();
    }

    @Test
    @DisplayName("a registry for a world not known to be new (a resumed one) marks nothing")
    void resumedWorldMarksNothing() {
        LiveWorld w = new LiveWorld("not-new", env, LocalRegistry.on(kit.system()));
        ProgId p = new ProgId("t", 1);
        ((LocalRegistry) w.registry()).ref(p);
        assertFalse(NewEntities.of(kit.system()).take(w.persistenceId(p)));
        w.closing();
        w.registry().stopAll();
    }
}
