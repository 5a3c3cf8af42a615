package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
