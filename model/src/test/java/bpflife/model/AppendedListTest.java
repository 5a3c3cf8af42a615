package bpflife.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's observed returns: appending is cheap, and every list made stays what it was. */
class AppendedListTest {

    @Test
    void appendsInOrderAndEqualsAnyListWithTheSameElements() {
        List<Integer> l = List.of();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            l = AppendedList.plus(l, i);
            expected.add(i);
            assertEquals(expected, l);
        }
        assertEquals(expected.hashCode(), l.hashCode());
        assertEquals(List.copyOf(expected), l);
    }

    @Test
    void aSecondAppendToTheSameListDoesNotChangeTheFirstsResult() {
        List<String> base = AppendedList.plus(AppendedList.plus(List.of(), "a"), "b");
        List<String> left = AppendedList.plus(base, "left");
        List<String> right = AppendedList.plus(base, "right"); // a branch: base's next slot is taken
        List<String> leftMore = AppendedList.plus(left, "more");
        assertEquals(List.of("a", "b"), base);
        assertEquals(List.of("a", "b", "left"), left);
        assertEquals(List.of("a", "b", "right"), right);
        assertEquals(List.of("a", "b", "left", "more"), leftMore);
        assertEquals(List.of("a", "b", "right", "x"), AppendedList.plus(right, "x"));
        assertEquals(List.of("a", "b", "left"), left);
    }

    @Test
    void theSameAppendTwiceGivesEqualListsAndBranchesStayApart() {
        List<String> base = AppendedList.plus(List.of(), "a");
        List<String> once = AppendedList.plus(base, "b");
        List<String> again = AppendedList.plus(base, "b"); // a task's step, then the world's apply
        assertEquals(once, again);
        List<String> onceMore = AppendedList.plus(once, "c");
        List<String> otherBranch = AppendedList.plus(again, "d");
        assertEquals(List.of("a", "b", "c"), onceMore);
        assertEquals(List.of("a", "b", "d"), otherBranch);
        assertEquals(List.of("a", "b"), once);
        assertEquals(List.of("a", "b"), again);
    }

    @Test
    void isImmutable() {
        List<String> l = AppendedList.plus(List.of(), "a");
        assertThrows(UnsupportedOperationException.class, () -> l.add("b"));
        assertThrows(UnsupportedOperationException.class, () -> l.set(0, "b"));
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(1));
        assertThrows(NullPointerException.class, () -> AppendedList.plus(l, null));
    }
}
