package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.Task;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.StepRecord;
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
 * Passivation: an object that can receive nothing more (freed, a task that exited) has its actor
 * stopped, the world keeps its final state, and a message that still reaches it (a use after free
 * under a buggy semantics) goes to a new actor that recovers from the journal: nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("passivation of gone objects")
class PassivationTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

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

    /** A prog born with one reference, the actor made first so that the test holds its ref. */
    private ActorRef<Command> loadedProg(LiveWorld w, ProgId p) {
        ActorRef<Command> ref = ((LocalRegistry) w.registry()).ref(p);
        w.tell(p, new Command.Born(new Event.ProgLoaded(p, "dump_task", IterTarget.TASK, 0, false)));
        return ref;
    }

    @Test
    @DisplayName("a freed object's actor stops, and its final state is kept for the end-of-run checks")
    void freedObjectStops() {
        LiveWorld w = new LiveWorld("passivate-freed", env, LocalRegistry.on(kit.system()));
        ProgId p = new ProgId("t", 1);
        TaskId t = new TaskId("t");
        ActorRef<Command> ref = loadedProg(w, p);
        TestProbe<StepRecord> steps = kit.createTestProbe();
        TestProbe<Object> watcher = kit.createTestProbe();

        w.tell(p, new Command.Deliver(t, new Msg.Put(p, PutMode.DIRECT, t), steps.getRef()));
        assertEquals(1, steps.receiveMessage(TIMEOUT).channelSeq());
        // the last put frees it once the prog IDR confirms; then the actor is passivated
        watcher.expectTerminated(ref, TIMEOUT);

        ObjectState last = w.finalState(p);
        assertTrue(last != null && last.freed(), "kept as freed: " + last);
        assertFalse(((LocalRegistry) w.registry()).live(p));
        assertNull(w.finalState(ActorId.PROG_IDR), "an IDR is never gone");
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("a message to a passivated object is stepped by a new actor recovered from the journal")
    void messageAfterPassivation() throws Exception {
        LiveWorld w = new LiveWorld("passivate-again", env, LocalRegistry.on(kit.system()));
        ProgId p = new ProgId("t", 1);
        TaskId t = new TaskId("t");
        ActorRef<Command> ref = loadedProg(w, p);
        TestProbe<StepRecord> steps = kit.createTestProbe();
        w.tell(p, new Command.Deliver(t, new Msg.Put(p, PutMode.DIRECT, t), steps.getRef()));
        steps.receiveMessage(TIMEOUT);
        kit.createTestProbe().expectTerminated(ref, TIMEOUT);

        // a second put (a use after free): recorded, numbered after the first from the journal
        w.tell(p, new Command.Deliver(t, new Msg.Put(p, PutMode.DIRECT, t), steps.getRef()));
        StepRecord again = steps.receiveMessage(TIMEOUT);
        assertEquals(2, again.channelSeq(), "the new actor recovered the channel numbers");
        assertTrue(again.events().isEmpty(), "a freed object's step records no events: " + again);
        assertTrue(w.finalState(p).freed());

        SequencedMap<ActorId, ObjectState> states = LiveRun.states(kit.system(), w, TIMEOUT)
                .toCompletableFuture().get();
        assertTrue(states.get(p).freed(), "the end-of-run states have it, freed");
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("every object of a live run that is freed or exited at its end has been passivated, with its final state")
    void liveRunPassivates() throws Exception {
        LiveWorld w = new LiveWorld("passivate-run", env, LocalRegistry.on(kit.system()));
        LiveRun.Outcome out = LiveRun.run(kit.system(), w, TIMEOUT).toCompletableFuture().get();
        long gone = 0;
        for (var e : out.states().entrySet()) {
            ObjectState s = e.getValue();
            boolean isGone = s.freed() || s instanceof Task.State ts && ts.exited();
            assertEquals(isGone, w.finalState(e.getKey()) != null, e.getKey() + ": " + s);
            gone += isGone ? 1 : 0;
        }
        assertTrue(gone > out.states().size() / 2, gone + " of " + out.states().size() + " gone");
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("with countGone, freed objects holding nothing are only counted by kind, and every object is accounted for")
    void countedGoneObjectsKeepNoRecord() throws Exception {
        LiveWorld w = new LiveWorld("passivate-count", env, LocalRegistry.on(kit.system()));
        w.countGone();
        java.util.Set<ActorId> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
        w.listener((id, r) -> {
            made.add(id);
            r.spawned().forEach(sp -> made.add(sp.id()));
        });
        LiveRun.Outcome out = LiveRun.run(kit.system(), w, TIMEOUT).toCompletableFuture().get();
        java.util.SortedMap<String, Long> counted = w.goneCounted();
        assertTrue(counted.getOrDefault("OpenFile", 0L) > 0 && counted.getOrDefault("SeqSession", 0L) > 0,
                "freed files and sessions are counted: " + counted);
        for (var e : out.states().entrySet()) {
            ObjectState s = e.getValue();
            assertFalse(Gone.is(s) && Gone.counted(s), e.getKey() + " is kept though it could be counted: " + s);
            if (s.freed() || s instanceof Task.State ts && ts.exited()) {
                assertTrue(w.finalState(e.getKey()) != null, e.getKey() + " gone, its summary kept");
            }
        }
        long kept = out.states().keySet().stream().filter(made::contains).count();
        long total = counted.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(made.size(), kept + total, "every object that took a step or was made is either a final "
                + "state or counted: " + made.size() + " = " + kept + " + " + counted);
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("a receiver forgets the channel numbers of gone senders once it has heard from many, and only theirs")
    void goneSendersAreForgotten() {
        ObjectBehavior.Holder h = new ObjectBehavior.Holder(null, false);
        int n = 2 * ObjectBehavior.SWEEP_FROM;
        for (int i = 0; i < n - 1; i++) {
            h.lastSeq.put(new TaskId("t" + i), 1L);
        }
        java.util.function.Predicate<ActorId> gone = a -> !a.equals(new TaskId("t7"));
        ObjectBehavior.forgetGone(h, gone);
        assertEquals(n - 1, h.lastSeq.size(), "below twice the last sweep's size: nothing swept yet");
        h.lastSeq.put(new TaskId("t" + n), 1L);
        ObjectBehavior.forgetGone(h, gone);
        assertEquals(java.util.Map.of(new TaskId("t7"), 1L), h.lastSeq, "every gone sender forgotten, the live one kept");
    }
}
