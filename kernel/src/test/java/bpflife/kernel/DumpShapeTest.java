package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.DumpFormat;
import bpflife.protocol.IterTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dump shapes: what the model's and the kernel's programs print, reduced to what can be compared. */
class DumpShapeTest {

    private static String model(String prog, long sid, int objects, int pad) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < objects; i++) {
            b.append(DumpFormat.objectLine(prog, sid, i, IterTarget.TASK, i, pad));
        }
        return b.append(DumpFormat.endLine(prog, sid, Math.max(objects - 1, 0))).toString();
    }

    @Test
    void theModelsDumpsAreComplete() {
        DumpShape s = DumpShape.of(model("dump_task", 7, 3, 24), true);
        assertNull(s.problem());
        assertEquals("dump_task", s.prog());
        assertEquals(7L, s.sessionId());
        assertEquals("task", s.target());
        assertEquals(3, s.objects());
        assertEquals(1, s.ends());
        assertEquals(2, s.endSeq());
        assertEquals("dump_task, session +2, 3 objects (seq 0..2), 1 END (seq=2), complete", s.describe(5L));
    }

    @Test
    void theKernelsLinesHaveRealObjects() {
        String k = "dump_task session=41 seq=0 task=1 ...\ndump_task session=41 seq=1 task=977\n"
                + "dump_task END session=41 seq=1\n";
        DumpShape s = DumpShape.of(k, true);
        assertTrue(s.complete(), s.problem());
        assertEquals(2, s.objects());
        assertEquals("+0", s.relative(41L));
    }

    @Test
    void onlyEnd() {
        DumpShape s = DumpShape.of("dump_cgroup END session=3 seq=0\n", true);
        assertTrue(s.complete());
        assertEquals(0, s.objects());
        assertEquals("dump_cgroup, session 3, 0 objects, 1 END (seq=0), complete", s.describe(null));
    }

    @Test
    void whatIsWrongWithADump() {
        assertEquals("object line 2 has seq=2, expected seq=1", DumpShape.of(
                "p session=1 seq=0 task=1\np session=1 seq=2 task=2\np END session=1 seq=2\n", true).problem());
        assertEquals("2 END lines", DumpShape.of("p END session=1 seq=0\np END session=1 seq=0\n", true).problem());
        assertEquals("the END line has seq=5, expected seq=0",
                DumpShape.of("p session=1 seq=0 task=1\np END session=1 seq=5\n", true).problem());
        assertEquals("lines from two programs: p and q",
                DumpShape.of("p session=1 seq=0 task=1\nq END session=1 seq=0\n", true).problem());
        assertEquals("lines from two sessions: 1 and 2",
                DumpShape.of("p session=1 seq=0 task=1\np END session=2 seq=0\n", true).problem());
        assertEquals("the dump ends in the middle of a line", DumpShape.of("p session=1 seq=0 ta", false).problem());
        assertEquals("not read to the end (no END line)", DumpShape.of("p session=1 seq=0 task=1\n", false).problem());
        assertEquals("not read to the end (no read returned 0)", DumpShape.of(model("p", 1, 1, 0), false).problem());
        assertEquals("line 1 is not a dump line: 'hello'", DumpShape.of("hello\n", true).problem());
        assertFalse(DumpShape.of("", true).complete());
        assertEquals("nothing (the first read returned 0)", DumpShape.of("", true).describe(null));
    }

    @org.junit.jupiter.api.Test
    void aSeqGapIsToldApart() {
        // cgroup_iter skips a dead cgroup without running the program, but seq_num counts it
        DumpShape d = DumpShape.of("p session=9 seq=0 cgroup=1\np session=9 seq=1 cgroup=7\np END session=9 seq=3\n", true);
        org.junit.jupiter.api.Assertions.assertEquals("the END line has seq=3, expected seq=1", d.problem());
        org.junit.jupiter.api.Assertions.assertTrue(DumpShape.seqGap(d.problem()));
        org.junit.jupiter.api.Assertions.assertTrue(DumpShape.seqGap("object line 2 has seq=3, expected seq=1"));
        org.junit.jupiter.api.Assertions.assertFalse(DumpShape.seqGap("2 END lines"));
        org.junit.jupiter.api.Assertions.assertFalse(DumpShape.seqGap(null));
        // D5 at the right depth: which positions were passed and not shown
        assertEquals(List.of(2L, 3L), d.unshown());
        assertEquals("complete but seq 2, 3 not shown", d.state());
        assertEquals("complete but 2 not shown", d.stateByCount());
        DumpShape middle = DumpShape.of("p session=9 seq=0 cgroup=1\np session=9 seq=1 cgroup=2\n"
                + "p session=9 seq=3 cgroup=4\np END session=9 seq=3\n", true);
        assertEquals(List.of(2L), middle.unshown());
        // a task that exited after one object was shown: the next object was fetched and counted
        assertEquals(List.of(1L), DumpShape.of("p session=9 seq=0 task_vma=1:7f\np END session=9 seq=1\n", true)
                .unshown());
        assertEquals(List.of(), DumpShape.of("p END session=9 seq=0\n", true).unshown());
    }

    @Test
    void onlyGapsAreForgiven() {
        // anything else wrong is no gap: lines after the END (D6), two END lines, not read to the end
        DumpShape d6 = DumpShape.of("p session=9 seq=0 task_vma=1:7f\np END session=9 seq=0\n"
                + "p session=9 seq=0 task_vma=1:7f\n", true);
        assertNull(d6.unshown());
        assertEquals("an object line after the END line", d6.state());
        assertNull(DumpShape.of("p session=9 seq=0 cgroup=1\np END session=9 seq=3\n", false).unshown());
        assertNull(DumpShape.of("p session=9 seq=2 cgroup=1\np session=9 seq=1 cgroup=1\np END session=9 seq=3\n",
                true).unshown());
    }
}
