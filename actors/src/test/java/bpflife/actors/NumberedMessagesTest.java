package bpflife.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Numbered messages (docs/CLUSTER.md, "Re-sending"): where a registry numbers messages, a sender
 * numbers each receiver's messages from its own step records, and a receiver takes a numbered
 * message once, whichever of a re-sent copy and the original comes first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("numbered messages")
class NumberedMessagesTest {
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

    /** A local registry that numbers (as a cluster's does) and keeps every model message told through it. */
    static final class Numbered implements Registry {
        final Registry local;
        /** Each model message told: its receiver and the message. */
        final List<java.util.Map.Entry<ActorId, Command.Deliver>> told = new CopyOnWriteArrayList<>();
        private final boolean numbers;

        Numbered(Registry local, boolean numbers) {
            this.local = local;
            this.numbers = numbers;
        }

        static Function<LiveWorld, Registry> on(org.apache.pekko.actor.typed.ActorSystem<?> system, List<Numbered> made) {
            return w -> {
                Numbered n = new Numbered(LocalRegistry.on(system).apply(w), true);
                made.add(n);
                return n;
            };
        }

        @Override
        public void tell(ActorId id, Command c) {
            if (c instanceof Command.Deliver d) {
                told.add(java.util.Map.entry(id, d));
            }
            local.tell(id, c);
        }

        @Override
        public RecipientRef<Command> ref(ActorId id) {
            return local.ref(id);
        }

        @Override
        public List<ActorId> known() {
            return local.known();
        }

        @Override
        public void stopAll() {
            local.stopAll();
        }

        @Override
        public boolean numbersMessages() {
            return numbers;
        }
    }

    private static final ProgId PROG = new ProgId("t", 1);
    private static final TaskId T = new TaskId("t");

    private ActorRef<Command> bornProg(LiveWorld w, Registry local) {
        @SuppressWarnings("unchecked")
        ActorRef<Command> ref = (ActorRef<Command>) local.ref(PROG);
        w.tell(PROG, new Command.Born(new Event.ProgLoaded(PROG, "dump_task", IterTarget.TASK, 0, false)));
        return ref;
    }

    private long steps(ActorRef<Command> ref) {
        TestProbe<Command.Current> p = kit.createTestProbe();
        ref.tell(new Command.GetState(p.getRef()));
        return p.receiveMessage(TIMEOUT).steps();
    }

    @Test
    @DisplayName("a numbered message taken already is dropped and its asker told its number; unnumbered ones are always taken")
    void aCopyTakenAlreadyIsDropped() throws Exception {
        List<Numbered> made = new CopyOnWriteArrayList<>();
        LiveWorld w = new LiveWorld("numbered-drop", env, Numbered.on(kit.system(), made));
        ActorRef<Command> ref = bornProg(w, made.get(0).local);
        TestProbe<StepRecord> asks = kit.createTestProbe();

        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), 1));
        StepRecord first = asks.receiveMessage(TIMEOUT);
        assertEquals(1, first.channelSeq());
        assertTrue(!first.events().isEmpty(), "the original is stepped: " + first);

        // the copy a recovery re-sent, or a late original: dropped, no step
        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), 1));
        StepRecord copy = asks.receiveMessage(TIMEOUT);
        assertEquals(1, copy.channelSeq(), "told the number it was taken as");
        assertTrue(copy.events().isEmpty() && copy.sent().isEmpty(), "a dropped copy does nothing: " + copy);
        assertEquals(1, steps(ref), "one step for message #1");

        // unnumbered: always taken (one JVM, or a message to a receiver its sender swept)
        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef()));
        assertEquals(2, asks.receiveMessage(TIMEOUT).channelSeq());
        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), 3));
        assertEquals(3, asks.receiveMessage(TIMEOUT).channelSeq());
        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), 2));
        StepRecord late = asks.receiveMessage(TIMEOUT);
        assertTrue(late.channelSeq() == 2 && late.events().isEmpty(), "#2 came after #3: taken already: " + late);
        assertEquals(3, steps(ref));
        handledAll(w, 3);
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("several copies in one group commit: each message taken once, in order")
    void copiesInOneGroupCommit() {
        List<Numbered> made = new CopyOnWriteArrayList<>();
        LiveWorld w = new LiveWorld("numbered-group", env, Numbered.on(kit.system(), made));
        ActorRef<Command> ref = bornProg(w, made.get(0).local);
        TestProbe<StepRecord> asks = kit.createTestProbe();
        // told back to back: all but the first wait in the group commit together
        for (long n : new long[] {1, 1, 2, 1, 2, 3, 3}) {
            w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), n));
        }
        List<Long> seqs = new java.util.ArrayList<>();
        int stepped = 0;
        for (int i = 0; i < 7; i++) {
            StepRecord r = asks.receiveMessage(TIMEOUT);
            seqs.add(r.channelSeq());
            stepped += r.events().isEmpty() ? 0 : 1;
        }
        assertEquals(3, stepped, "three messages, three steps: " + seqs);
        assertEquals(3, steps(ref));
        handledAll(w, 3);
        w.closing();
        w.registry().stopAll();
    }

    @Test
    @DisplayName("a sender numbers each receiver's messages from its step records, again after it recovers")
    void senderNumbersFromItsJournal() throws Exception {
        List<Numbered> made = new CopyOnWriteArrayList<>();
        LiveWorld w = new LiveWorld("numbered-send", env, Numbered.on(kit.system(), made));
        ActorRef<Command> ref = bornProg(w, made.get(0).local);
        TestProbe<StepRecord> asks = kit.createTestProbe();
        for (int i = 1; i <= 2; i++) {
            w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), i));
            asks.receiveMessage(TIMEOUT);
        }
        assertEquals(List.of(1L, 2L), grantsTo(made.get(0), T), "the prog's Granted to t, numbered");
        w.closing();
        w.registry().stopAll();
        kit.createTestProbe().expectTerminated(ref, TIMEOUT);

        // a new actor (a moved shard) recovers the counts from the journal
        LiveWorld again = new LiveWorld("numbered-send", env, Numbered.on(kit.system(), made));
        again.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef(), 3));
        assertEquals(3, asks.receiveMessage(TIMEOUT).channelSeq());
        assertEquals(List.of(3L), grantsTo(made.get(1), T), "numbered after the two sent before");
        again.closing();
        again.registry().stopAll();
    }

    @Test
    @DisplayName("on one JVM (a registry that does not number) messages go unnumbered")
    void unnumberedOnOneJvm() {
        List<Numbered> made = new CopyOnWriteArrayList<>();
        LiveWorld w = new LiveWorld("numbered-off", env, x -> {
            Numbered n = new Numbered(LocalRegistry.on(kit.system()).apply(x), false);
            made.add(n);
            return n;
        });
        bornProg(w, made.get(0).local);
        TestProbe<StepRecord> asks = kit.createTestProbe();
        w.tell(PROG, new Command.Deliver(T, new Msg.Get(T), asks.getRef()));
        asks.receiveMessage(TIMEOUT);
        assertEquals(List.of(0L), grantsTo(made.get(0), T));
        w.closing();
        w.registry().stopAll();
    }

    /**
     * Every message told was handled (dropped copies too) but the {@code granted} replies to t, which
     * wait for t's birth: the world would be quiet without them.
     */
    private void handledAll(LiveWorld w, long granted) {
        kit.createTestProbe().awaitAssert(TIMEOUT, () -> {
            assertEquals(granted, w.inFlight(), "a dropped copy is handled: only the grants to unborn t are in flight");
            return null;
        });
    }

    private static List<Long> grantsTo(Numbered r, ActorId to) {
        return r.told.stream().filter(t -> t.getKey().equals(to) && t.getValue().sender().equals(PROG))
                .map(t -> t.getValue().n()).toList();
    }
}
