package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * D5 at the right depth (issue 14): a dump complete but for seq gaps is compared by which positions
 * were passed and not shown, not counted as complete on both sides whatever the model hid.
 */
@DisplayName("KernelReport.completeness: the model's hidden positions against the kernel's gaps")
class CompletenessTest {
    private static Side.Session session(String target, boolean rootWalk) {
        Side.Session s = new Side.Session("t.s");
        s.target = target;
        s.rootWalk = rootWalk;
        s.machineWalk = rootWalk;
        return s;
    }

    private static DumpShape cgroups(String... seqs) {
        StringBuilder b = new StringBuilder();
        for (String q : seqs) {
            b.append("p session=1 seq=").append(q).append(" cgroup=7\n");
        }
        return DumpShape.of(b.append("p END session=1 seq=3\n").toString(), true);
    }

    @Test
    @DisplayName("the same hidden position agrees; another one differs (it agreed before: both 'gaps only')")
    void positions() {
        KernelReport.Check same = KernelReport.completeness(cgroups("0", "1", "3"), cgroups("0", "1", "3"),
                session("cgroup", false));
        assertEquals(KernelReport.Status.AGREE, same.status(), same::toString);
        assertEquals("complete but seq 2 not shown", same.model());
        KernelReport.Check other = KernelReport.completeness(cgroups("0", "1", "3"), cgroups("0", "2", "3"),
                session("cgroup", false));
        assertEquals(KernelReport.Status.DIFFER, other.status(), other::toString);
        assertEquals("complete but seq 1 not shown", other.kernel());
        KernelReport.Check none = KernelReport.completeness(cgroups("0", "1", "2", "3"), cgroups("0", "1", "3"),
                session("cgroup", false));
        assertEquals(KernelReport.Status.DIFFER, none.status(), none::toString);
    }

    @Test
    @DisplayName("a walk from the root: the machine's gaps are its own, not compared; other targets by count")
    void rootWalksAndCounts() {
        KernelReport.Check root = KernelReport.completeness(cgroups("0", "1", "2", "3"), cgroups("0", "2", "3"),
                session("cgroup", true));
        assertEquals(KernelReport.Status.NOT_COMPARED, root.status(), root::toString);
        DumpShape model = DumpShape.of("v session=1 seq=0 task_vma=1\nv END session=1 seq=1\n", true);
        DumpShape kernel = DumpShape.of("v session=9 seq=0 task_vma=77:7f00\nv session=9 seq=1 task_vma=77:7f10\n"
                + "v END session=9 seq=2\n", true);
        KernelReport.Check vma = KernelReport.completeness(model, kernel, session("task_vma", false));
        assertEquals(KernelReport.Status.AGREE, vma.status(), vma::toString);
        assertEquals("complete but 1 not shown", vma.kernel());
    }

    @Test
    @DisplayName("a walk over every task: a machine task exiting between two reads is the kernel's own gap, not compared")
    void everyTaskWalk() {
        Side.Session every = new Side.Session("t.s");
        every.target = "task";
        every.machineWalk = true;
        DumpShape model = DumpShape.of("t session=1 seq=0 task=1\nt session=1 seq=1 task=2\nt END session=1 seq=1\n", true);
        DumpShape kernel = DumpShape.of("t session=9 seq=0 task=1\nt session=9 seq=2 task=40\nt END session=9 seq=2\n",
                true);
        KernelReport.Check c = KernelReport.completeness(model, kernel, every);
        assertEquals(KernelReport.Status.NOT_COMPARED, c.status(), c::toString);
        assertEquals("complete but seq 1 not shown", c.kernel());
        Side.Session tid = new Side.Session("t.s");
        tid.target = "task";
        KernelReport.Check one = KernelReport.completeness(model, kernel, tid);
        assertEquals(KernelReport.Status.DIFFER, one.status(), "a tid walk's gaps are the scenario's: " + one);
        assertTrue(ModelTrace.machineWalk(bpflife.protocol.IterTarget.TASK, bpflife.protocol.Attach.NONE));
        assertFalse(ModelTrace.machineWalk(bpflife.protocol.IterTarget.TASK,
                new bpflife.protocol.Attach(null, 0, null, null, 42)));
        assertFalse(ModelTrace.machineWalk(bpflife.protocol.IterTarget.BPF_MAP_ELEM, bpflife.protocol.Attach.NONE));
    }
}
