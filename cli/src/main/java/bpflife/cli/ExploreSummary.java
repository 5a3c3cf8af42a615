package bpflife.cli;

import bpflife.explore.ExhaustiveSearch;
import bpflife.explore.Explorer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/**
 * The exhaustive search's own lines of {@code explore}'s summary (plain, each under 80 columns,
 * and JSON): what the visited set holds and what it costs, the chance of a missed state when it
 * holds fingerprints, what each reduction pruned, the workers and the peak heap.
 */
final class ExploreSummary {
    private ExploreSummary() {}

    static void exhaustive(PrintWriter o, Explorer.Exhaustive ex, double secs) {
        if (ex == null) {
            return;
        }
        ExhaustiveSearch.Stats st = ex.stats();
        o.printf("rate       %,.0f states/s, %,.0f transitions/s on %d worker%s%n", st.states() / secs,
                st.transitions() / secs, ex.workers(), ex.workers() == 1 ? "" : "s");
        if (ex.exact()) {
            o.printf("stored     %,d states exactly (--exact), %s%n", st.states(), bytes(st.stateBytes()));
        } else {
            o.printf("stored     %,d fingerprints (64-bit), %s; P(a state missed) <= %.1e%n", st.states(),
                    bytes(st.stateBytes()), ex.omission());
        }
        o.printf("pruned     %,d by symmetry, %,d by partial order%s%n", st.symmetryMerges(),
                st.porPruned() + st.sleepPruned(), ex.exact() ? " (persistent + sleep sets)" : "");
        o.println("symmetric  " + groups(ex.symmetric()));
        o.printf("memory     peak heap %s%n", bytes(ex.peakBytes()));
    }

    static void swarm(PrintWriter o, bpflife.explore.Swarm.Result r) {
        if (Double.isNaN(r.estimate())) {
            o.println("coverage   unknown: no search met a state another had seen (run more searches)");
        } else {
            o.printf("estimate   %,.0f states in the reduced space by capture-recapture between searches%n",
                    r.estimate());
            o.printf("covered    %.0f%% of that estimate%s%n", 100 * r.coverage(), r.complete()
                    ? " (one search finished: all of it)" : "; an overestimate: the searches share their start");
        }
    }

    /** A size in KB, MB or GB, one decimal. */
    static String bytes(long b) {
        return b >= 1L << 30 ? String.format("%.1f GB", b / (double) (1L << 30))
                : b >= 1L << 20 ? String.format("%.1f MB", b / (double) (1L << 20))
                : String.format("%.1f KB", b / 1024.0);
    }

    private static String groups(List<List<String>> groups) {
        if (groups.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (List<String> g : groups) {
            b.append(b.isEmpty() ? "" : "; ").append(String.join(" ", g));
        }
        return b.length() > 68 ? b.substring(0, 67) + "…" : b.toString();
    }

    static void json(ObjectNode n, Explorer.Exhaustive ex) {
        ExhaustiveSearch.Stats st = ex.stats();
        n.put("exact", ex.exact());
        n.put("workers", ex.workers());
        n.put("state_bytes", st.stateBytes());
        n.put("omission_probability", ex.omission());
        n.put("pruned_by_symmetry", st.symmetryMerges());
        n.put("pruned_by_partial_order", st.porPruned() + st.sleepPruned());
        n.put("frontier", st.frontier());
        n.put("peak_heap_bytes", ex.peakBytes());
        ArrayNode groups = n.putArray("symmetric_tasks");
        for (List<String> g : ex.symmetric()) {
            ArrayNode a = groups.addArray();
            g.forEach(a::add);
        }
    }
}
