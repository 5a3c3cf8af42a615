package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each read's byte counts are compared where they can be (issue 14 item 3): exactly when both
 * dumps have the same line lengths, as a shape when the statement read each whole dump in one
 * read, and otherwise listed as not compared (never counted as agreement).
 */
class ReadSizesTest {

    private static Side side(String text, List<Integer> sizes) {
        Side s = new Side();
        Side.Session session = new Side.Session("t.s");
        session.text.append(text);
        session.eof = true;
        s.sessions.put("t@1", session);
        s.readSizes.put("t@2", sizes);
        s.readSession.put("t@2", "t@1");
        return s;
    }

    @Test
    @DisplayName("the same line lengths: the byte counts are compared exactly, and a different split differs")
    void sameLengthsCompareExactly() {
        String text = "p session=1 seq=0 cgroup=1 ....\np END session=1 seq=0\n";
        Side m = side(text, List.of(10, 44, 0));
        assertEquals(KernelReport.Status.AGREE, KernelReport.readSizes("t@2", 10, m, side(text, List.of(10, 44, 0))).status());
        KernelReport.Check c = KernelReport.readSizes("t@2", 10, m, side(text, List.of(10, 10, 34, 0)));
        assertEquals(KernelReport.Status.DIFFER, c.status());
        assertEquals("10, 44, 0", c.model());
        assertEquals("10, 10, 34, 0", c.kernel());
    }

    @Test
    @DisplayName("other lengths, each whole dump in one read: compared as 'all, 0'")
    void otherLengthsWholeDumpInOneRead() {
        Side m = side("p session=1 seq=0 cgroup=1\np END session=1 seq=0\n", List.of(49, 0));
        Side k = side("p session=4711 seq=0 cgroup=8812\np END session=4711 seq=0\n", List.of(58, 0));
        assertEquals(KernelReport.Status.AGREE, KernelReport.readSizes("t@2", 4096, m, k).status());
        Side k2 = side("p session=4711 seq=0 cgroup=8812\np END session=4711 seq=0\n", List.of(58, 0, 0));
        assertEquals(KernelReport.Status.DIFFER, KernelReport.readSizes("t@2", 4096, m, k2).status());
    }

    @Test
    @DisplayName("other lengths and reads that split the dump: not compared, with the reason")
    void otherLengthsSplitReadsAreNotCompared() {
        Side m = side("p session=1 seq=0 cgroup=1\np END session=1 seq=0\n", List.of(20, 29, 0));
        Side k = side("p session=4711 seq=0 cgroup=8812\np END session=4711 seq=0\n", List.of(20, 38, 0));
        KernelReport.Check c = KernelReport.readSizes("t@2", 20, m, k);
        assertEquals(KernelReport.Status.NOT_COMPARED, c.status());
        assertEquals("the session's lines have other lengths on the kernel (real pids, ids and session ids; a prog's "
                + "pad makes them equal)", c.reason());
        assertNull(KernelReport.readSizes("t@9", 20, m, k));
    }
}
