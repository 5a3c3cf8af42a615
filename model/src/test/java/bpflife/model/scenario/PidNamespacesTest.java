package bpflife.model.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.Attach;
import bpflife.protocol.ActorId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code task NAME pidns:} (issue 14 item 2): the header, its checks, and how a namespace reads a link's number. */
@DisplayName("pid namespaces: task NAME pidns:")
class PidNamespacesTest {
    private static Scenario parse(String text) {
        return ScenarioParser.parse("pidns.scn", text);
    }

    private static final String TWO = "task inner pidns:\n    p = prog load dump_task target task\n"
            + "task outer:\n    q = prog load dump_task target task\n";

    @Test
    @DisplayName("the header gives the task a namespace of its own; others and setup have none")
    void header() {
        Scenario sc = parse(TWO);
        assertTrue(sc.task("inner").pidns());
        assertFalse(sc.task("outer").pidns());
        assertFalse(sc.setup().pidns());
        assertEquals(1, PidNamespaces.selfNumber(sc, "inner"));
        assertEquals(sc.pidOf("outer"), PidNamespaces.selfNumber(sc, "outer"));
    }

    @Test
    @DisplayName("refused, by line: forked with pidns, a fork inside, a tid of another task inside")
    void refusals() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> parse(
                "task a:\n    fork b\ntask b forked pidns:\n    exit\n"));
        assertTrue(e.getMessage().contains("a forked task is in its parent's pid namespace"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse("task a pidns:\n    fork b\ntask b forked:\n    exit\n"));
        assertTrue(e.getMessage().contains("expected no 'fork' in task a"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> parse(
                "task a pidns:\n    p = prog load dump_task target task\n    l = link create p tid b\ntask b:\n    exit\n"));
        assertTrue(e.getMessage().contains("found 'tid b': no other task has a pid there"), e.getMessage());
        // its own name is allowed: the host's number of it names no task inside (END only, as measured)
        parse("task a pidns:\n    p = prog load dump_task target task\n    l = link create p tid a\n");
    }

    @Test
    @DisplayName("a session reads the link's number in the opener's namespace (init_seq_pidns)")
    void seenBy() {
        Scenario sc = parse(TWO);
        Attach all = Attach.NONE;
        Attach selfInside = new Attach(null, 0, null, null, 1, null, 0, true);
        Attach hostNumber = new Attach(null, 0, null, null, 1005, new ActorId.TaskId("outer"), 0, false);
        // inside: no filter is the task alone; 1 is itself; any other number nothing
        assertTrue(PidNamespaces.seenBy(sc, "inner", all).own());
        assertTrue(PidNamespaces.seenBy(sc, "inner", selfInside).own());
        Attach none = PidNamespaces.seenBy(sc, "inner", hostNumber);
        assertFalse(none.own());
        assertEquals(null, none.task());
        assertTrue(none.filtered());
        // outside: 1 is the host's init, not the inner task
        Attach outside = PidNamespaces.seenBy(sc, "outer", selfInside);
        assertFalse(outside.own());
        assertEquals(1, outside.tid());
        // a scenario without pidns changes nothing, not even the instance
        Scenario plain = parse("task t:\n    p = prog load dump_task target task\n");
        Attach own = new Attach(null, 0, null, null, 1001, null, 0, true);
        assertSame(own, PidNamespaces.seenBy(plain, "t", own));
        assertSame(all, PidNamespaces.seenBy(sc, "outer", all));
    }
}
