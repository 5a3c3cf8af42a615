package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Decision;
import bpflife.model.Invariant;
import bpflife.model.Kernel;
import bpflife.model.Link;
import bpflife.model.Prog;
import bpflife.model.SeqSession;
import bpflife.model.Sync;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.StepRecord.Envelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each invariant trips when a deliberately broken step breaks it: the model's own step function
 * with one rule changed, so that the checks are shown to fail where they should.
 */
@DisplayName("invariants trip on broken steps")
class InvariantsTest {

    private static final Scenario PIN_CAT_RM = Runs.inline(Runs.PIN_CAT_RM);

    private static Violation only(RunResult r, Invariant expected) {
        assertEquals(1, r.violations().size(), () -> "violations: " + r.violations());
        Violation v = r.violations().get(0);
        assertEquals(expected, v.invariant(), v::headline);
        assertFalse(v.chain().isEmpty() && expected != Invariant.STUCK, "a violation shows the steps that led there");
        return v;
    }

    private static Decision plus(Decision d, ActorId to, Msg m) {
        List<Envelope> sent = new ArrayList<>(d.sent());
        sent.add(new Envelope(to, m));
        return new Decision(d.events(), d.spawned(), sent, d.reply(), d.fault());
    }

    @Test
    @DisplayName("a message to a freed link is a use after free")
    void messageToFreedLinkIsUseAfterFree() {
        Stepper broken = (env, s, from, m) -> {
            Decision d = Kernel.step(env, s, from, m);
            return s instanceof Link.State l && d.events().contains(new Event.Freed())
                    ? plus(d, l.self(), new Msg.QueryInfo(l.self())) : d;
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.USE_AFTER_FREE);
        assertEquals(ActorId.Kind.LINK, v.object().kind());
        assertTrue(v.detail().contains("freed"), v.detail());
    }

    @Test
    @DisplayName("a second kfree of a freed link is a double free")
    void secondFreeIsDoubleFree() {
        Stepper broken = (env, s, from, m) -> {
            Decision d = Kernel.step(env, s, from, m);
            return s instanceof Link.State l && d.events().contains(new Event.Freed())
                    ? plus(d, l.self(), new Msg.Discard(null, null)) : d;
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.DOUBLE_FREE);
        assertEquals(ActorId.Kind.LINK, v.object().kind());
    }

    @Test
    @DisplayName("a put on a prog whose count is already zero is a refcount underflow")
    void putAtZeroUnderflows() {
        Stepper broken = (env, s, from, m) -> {
            if (s instanceof Prog.State p && m instanceof Msg.Put) {
                Prog.State zero = new Prog.State(p.self(), p.name(), p.target(), p.pad(), p.sleepable(), p.id(), 0,
                        p.phase(), p.ackTo(), p.ret(), p.maps(), p.awaiting());
                return Kernel.step(env, zero, from, m);
            }
            return Kernel.step(env, s, from, m);
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.REFCOUNT_UNDERFLOW);
        assertEquals(ActorId.Kind.PROG, v.object().kind());
    }

    @Test
    @DisplayName("a link that grants a reference without counting it has a refcount mismatch")
    void uncountedGetIsMismatch() {
        Stepper broken = (env, s, from, m) -> {
            Decision d = Kernel.step(env, s, from, m);
            if (s instanceof Link.State && m instanceof Msg.Get) {
                List<Event> events = d.events().stream().filter(e -> !(e instanceof Event.RefTaken)).toList();
                return new Decision(events, d.spawned(), d.sent(), d.reply(), d.fault());
            }
            return d;
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.REFCOUNT_MISMATCH);
        assertEquals(ActorId.Kind.LINK, v.object().kind());
        assertTrue(v.detail().contains("holders"), v.detail());
    }

    @Test
    @DisplayName("a prog whose last put forgets to free it leaks")
    void forgottenFreeLeaks() {
        Stepper broken = (env, s, from, m) -> {
            if (s instanceof Prog.State p && m instanceof Msg.Put put && p.refcnt() == 1) {
                return new Decision(List.of(new Event.RefDropped(PutMode.DIRECT, 0)), List.of(),
                        List.of(new Envelope(put.ackTo(), new Msg.Acked())), null, null);
            }
            return Kernel.step(env, s, from, m);
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.LEAK);
        assertEquals(ActorId.Kind.PROG, v.object().kind());
    }

    @Test
    @DisplayName("a prog freed without removing its id is a freed object still listed")
    void freeWithoutIdRemovalIsListedWrong() {
        Stepper broken = (env, s, from, m) -> {
            if (s instanceof Prog.State p && m instanceof Msg.Put put && p.refcnt() == 1) {
                return new Decision(List.of(new Event.RefDropped(PutMode.DIRECT, 0),
                        new Event.FreeingStarted(put.ackTo()), new Event.Freed()), List.of(),
                        List.of(new Envelope(put.ackTo(), new Msg.Acked())), null, null);
            }
            return Kernel.step(env, s, from, m);
        };
        Violation v = only(Runs.run(PIN_CAT_RM, 1, broken), Invariant.LISTED_WRONG);
        assertTrue(v.detail().contains("still listed"), v.detail());
    }

    @Test
    @DisplayName("a session that loses an object line gives an incomplete dump")
    void lostLineIsIncompleteDump() {
        Stepper broken = (env, s, from, m) -> {
            Decision d = Kernel.step(env, s, from, m);
            if (!(s instanceof SeqSession.State)) {
                return d;
            }
            List<Event> events = d.events().stream().map(e -> e instanceof Event.SessionRead r
                    ? new Event.SessionRead(drop(r.returned()), r.nextObject(), r.seqNum(), r.buffered(), r.ended(),
                    r.objects()) : e).toList();
            List<Envelope> sent = d.sent().stream().map(en -> en.msg() instanceof Msg.ReadReturned rr
                    ? new Envelope(en.to(), new Msg.ReadReturned(drop(rr.bytes()))) : en).toList();
            return new Decision(events, d.spawned(), sent, d.reply(), d.fault());
        };
        Scenario catOnly = Runs.inline("""
                setup:
                    p = prog load dump_task target task
                    l = link create p
                    pin l /sys/fs/bpf/it
                task cat:
                    f = open /sys/fs/bpf/it
                    read f 4096 until eof
                """);
        Violation v = only(Runs.run(catOnly, 1, broken), Invariant.DUMP_INCOMPLETE);
        assertEquals(ActorId.Kind.SESSION, v.object().kind());
    }

    private static String drop(String text) {
        return text.replaceAll("(?m)^[^\\n]* seq=1 [^\\n]*\\n", "");
    }

    @Test
    @DisplayName("a task waiting for a signal that is lost is stuck at quiescence")
    void lostSignalIsStuck() {
        Scenario sc = Runs.inline("""
                task a:
                    signal go
                task b:
                    wait go
                """);
        Stepper broken = (env, s, from, m) -> s instanceof Sync.State && m instanceof Msg.SyncSignal
                ? new Decision(List.of(), List.of(), List.of(), null, null) : Kernel.step(env, s, from, m);
        Violation v = only(Runs.run(sc, 1, broken), Invariant.STUCK);
        assertEquals(new ActorId.TaskId("b"), v.object());
    }

    @Test
    @DisplayName("the model itself keeps every invariant in the same runs")
    void unbrokenStepKeepsThem() {
        for (long seed = 1; seed <= 50; seed++) {
            RunResult r = Runs.run(PIN_CAT_RM, seed, Stepper.KERNEL);
            assertTrue(r.clean(), Runs.why(r, seed));
        }
    }
}
