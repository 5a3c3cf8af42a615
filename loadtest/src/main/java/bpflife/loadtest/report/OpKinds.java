package bpflife.loadtest.report;

import java.util.List;

/**
 * Which operations a latency chart or the "all calls" total counts. An operation is timed when
 * its calls took measurable time: {@code exit} (its puts done within the step that entered it)
 * records 0 ns, which says nothing and would stretch a log axis down to 1 ns. {@code dump} is
 * compound: it spans an open, its reads and the END, so its calls are already counted as those;
 * it has its own latency chart, and is left out of "all calls".
 */
final class OpKinds {
    private OpKinds() {}

    static final String COMPOUND = "dump";

    /** Whether some call of the operation took measurable time (latency charts show only these). */
    static boolean timed(OpStats op) {
        return op.latency().getTotalCount() > 0 && op.latency().getMaxValue() > 0;
    }

    /** Whether the operation is made of others (counted in them). */
    static boolean compound(OpStats op) {
        return op.op().equals(COMPOUND);
    }

    /** The operations "all calls" adds up: timed, not compound. */
    static List<OpStats> calls(LoadSummary s) {
        return s.ops().stream().filter(op -> timed(op) && !compound(op)).toList();
    }

    /** The operations left out of "all calls", for the note under the table: compound ones, and untimed ones that ran. */
    static List<String> leftOut(LoadSummary s) {
        return s.ops().stream().filter(op -> compound(op) || op.count() > 0 && !timed(op)).map(OpStats::op).toList();
    }

    /** Those of {@link #leftOut} that are untimed. */
    static List<String> untimed(LoadSummary s) {
        return s.ops().stream().filter(op -> op.count() > 0 && !timed(op)).map(OpStats::op).toList();
    }

    /**
     * The operations table with its last row ("all", every kind) replaced by "all calls": the
     * timed, non-compound operations' counts, errors, timeouts and rate.
     */
    static List<String[]> table(LoadSummary s, Totals t) {
        List<String[]> rows = new java.util.ArrayList<>(Rows.ops(s, t));
        long count = 0;
        long errors = 0;
        long timeouts = 0;
        for (OpStats op : calls(s)) {
            count += op.count();
            errors += op.errors();
            timeouts += op.timeouts();
        }
        for (int i = 0; i < s.ops().size(); i++) {
            OpStats op = s.ops().get(i);
            if (op.latency().getTotalCount() > 0 && !timed(op)) { // no calls at all keeps its "-"
                for (int c = Rows.FIRST_PERCENTILE; c < Rows.FIRST_PERCENTILE + Latencies.NAMES.length; c++) {
                    rows.get(i)[c] = "untimed";
                }
            }
        }
        rows.set(rows.size() - 1, new String[] {"all calls", Long.toString(count), Long.toString(errors),
                Long.toString(timeouts), "", "", "", "", "", Units.rate(t.perSecond(count))});
        return rows;
    }
}
