package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bpflife.model.scenario.ShowEntry;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The one listing comparison behind a run's report and explore's outcome sets: its words when the
 * listing differs, none when it matches (the outcome set asks only whether there are words).
 */
@DisplayName("a listing compared with a scenario's expectation")
class ListingCheckTest {
    private static final Map<String, Integer> IDS = Map.of("a.l", 3, "a.p", 2, "b.l", 5, "b.p", 4);
    private static final ListingCheck.KernelIds BY_NAME = (t, v) -> IDS.getOrDefault(t + "." + v, -1);

    private static Info link(int id, int prog) {
        return new Info.LinkInfo(id, prog, IterTarget.TASK, 0, null, null, 0);
    }

    @Test
    @DisplayName("the expected ids in id order: no words; links' progs compared when the expectation names them")
    void matches() {
        List<ShowEntry> ids = List.of(new ShowEntry("a", "l", null, null), new ShowEntry("b", "l", null, null));
        assertNull(ListingCheck.problem(ids, List.of(link(3, 2), link(5, 4)), IdKind.LINK, BY_NAME));
        List<ShowEntry> progs = List.of(new ShowEntry("a", "l", "a", "p"), new ShowEntry("b", "l", "b", "p"));
        assertNull(ListingCheck.problem(progs, List.of(link(3, 2), link(5, 4)), IdKind.LINK, BY_NAME));
        assertNull(ListingCheck.problem(List.of(), List.of(), IdKind.PROG, BY_NAME));
    }

    @Test
    @DisplayName("a different listing: the ids wanted and listed, in the listing's words")
    void differs() {
        List<ShowEntry> expected = List.of(new ShowEntry("a", "l", "a", "p"));
        assertEquals("expected link ids [3 prog 2], listed [3 prog 4]",
                ListingCheck.problem(expected, List.of(link(3, 4)), IdKind.LINK, BY_NAME));
        assertEquals("expected prog ids [], listed [2]", ListingCheck.problem(List.of(),
                List.of(new Info.ProgInfo(2, "d", IterTarget.TASK, false, 0)), IdKind.PROG, BY_NAME));
        assertEquals("expected link ids [-1], listed []", ListingCheck.problem(
                List.of(new ShowEntry("c", "l", null, null)), List.of(), IdKind.LINK, BY_NAME));
    }

    @Test
    @DisplayName("an expectation naming some links' progs compares only those links' progs (issue 14)")
    void someProgsNamed() {
        List<ShowEntry> first = List.of(new ShowEntry("a", "l", "a", "p"), new ShowEntry("b", "l", null, null));
        assertNull(ListingCheck.problem(first, List.of(link(3, 2), link(5, 4)), IdKind.LINK, BY_NAME));
        assertNull(ListingCheck.problem(first, List.of(link(3, 2), link(5, 2)), IdKind.LINK, BY_NAME),
                "b.l's prog is not named: any prog");
        assertEquals("expected link ids [3 prog 2, 5], listed [3 prog 4, 5]",
                ListingCheck.problem(first, List.of(link(3, 4), link(5, 4)), IdKind.LINK, BY_NAME));
        List<ShowEntry> second = List.of(new ShowEntry("a", "l", null, null), new ShowEntry("b", "l", "b", "p"));
        assertNull(ListingCheck.problem(second, List.of(link(3, 4), link(5, 4)), IdKind.LINK, BY_NAME));
        assertEquals("expected link ids [3, 5 prog 4], listed [3, 5 prog 2]",
                ListingCheck.problem(second, List.of(link(3, 4), link(5, 2)), IdKind.LINK, BY_NAME));
        assertEquals("expected link ids [3, 5 prog 4], listed [3, 5 prog 4, 7 prog 2]",
                ListingCheck.problem(second, List.of(link(3, 4), link(5, 4), link(7, 2)), IdKind.LINK, BY_NAME));
    }
}
