package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import java.util.List;

/**
 * A line of the {@code expect:} block as parsed, before its names are resolved: a {@code dump}
 * may still name a task pattern ({@code cat*.f}) that the checker expands.
 */
sealed interface ExpectItem {

    Pos pos();

    /**
     * {@code objects}: the exact object count of {@code N objects}, or -1; {@code rank}: the K of
     * {@code session K}, or -1.
     */
    record DumpItem(Ref session, boolean complete, boolean onlyEnd, Ref from, List<String> errnos, int objects,
                    int rank, boolean repeats, Pos pos) implements ExpectItem {}

    record ShowItem(IdKind kind, List<ListingEntry> entries, Pos pos) implements ExpectItem {}

    record FreedItem(Ref object, Pos pos) implements ExpectItem {}

    /** {@code setup.p} or {@code setup.l prog u.pB}; {@code prog} is null for prog listings. */
    record ListingEntry(Ref object, Ref prog) {
        ShowEntry toShowEntry() {
            return prog == null
                    ? new ShowEntry(object.task(), object.var(), null, null)
                    : new ShowEntry(object.task(), object.var(), prog.task(), prog.var());
        }
    }
}
