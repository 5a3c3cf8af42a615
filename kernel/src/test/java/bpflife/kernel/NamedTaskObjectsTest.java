package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A dump over the task a {@code tid NAME} names: which object counts the kernel check can compare. */
@DisplayName("KernelReport.namedTaskObjects: task exactly, task_vma none/some, task_file not compared")
class NamedTaskObjectsTest {
    private static DumpShape dump(String target, int objects) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < objects; i++) {
            b.append("p session=1 seq=").append(i).append(' ').append(target).append("=9\n");
        }
        return DumpShape.of(b.append("p END session=1 seq=").append(Math.max(objects - 1, 0)).append('\n').toString(),
                true);
    }

    @Test
    void counts() {
        // task: the driver is one thread, found while it lives
        assertEquals(KernelReport.Status.AGREE, KernelReport.namedTaskObjects(dump("task", 1), dump("task", 1), "victim",
                "task").status());
        assertEquals(KernelReport.Status.DIFFER, KernelReport.namedTaskObjects(dump("task", 1), dump("task", 0),
                "victim", "task").status());
        // task_vma: the driver's real mappings
        assertEquals(KernelReport.Status.AGREE, KernelReport.namedTaskObjects(dump("task_vma", 2),
                dump("task_vma", 39), "victim", "task_vma").status());
        assertEquals(KernelReport.Status.DIFFER, KernelReport.namedTaskObjects(dump("task_vma", 2),
                dump("task_vma", 0), "victim", "task_vma").status());
        // task_file: the driver's own fds 0-2 besides the scenario's
        assertEquals(KernelReport.Status.NOT_COMPARED, KernelReport.namedTaskObjects(dump("task_file", 1),
                dump("task_file", 4), "victim", "task_file").status());
    }
}
