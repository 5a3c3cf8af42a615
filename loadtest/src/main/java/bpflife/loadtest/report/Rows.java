package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells of the tables the text and HTML reports both show, formatted once: the operations
 * (counts, percentiles, rate) and the errors by errno.
 */
final class Rows {
    private Rows() {}

    static final String[] OP_COLUMNS = {"op", "count", "errors", "timeouts", "p50", "p90", "p99", "p99.9", "max",
            "ops/s"};
    static final boolean[] OP_NUMERIC = {false, true, true, true, true, true, true, true, true, true};
    /** The column of the first percentile in {@link #OP_COLUMNS}. */
    static final int FIRST_PERCENTILE = 4;

    static final String[] ERROR_COLUMNS = {"errno", "count", "by operation"};
    static final boolean[] ERROR_NUMERIC = {false, true, false};

    /** One row per operation, then "all" with the totals (no percentiles: they do not add up). */
    static List<String[]> ops(LoadSummary s, Totals t) {
        List<String[]> rows = new ArrayList<>();
        for (OpStats op : s.ops()) {
            Latencies l = Latencies.of(op.latency());
            String[] row = new String[OP_COLUMNS.length];
            row[0] = op.op();
            row[1] = Long.toString(op.count());
            row[2] = Long.toString(op.errors());
            row[3] = Long.toString(op.timeouts());
            long[] shown = l.shown();
            for (int i = 0; i < shown.length; i++) {
                row[FIRST_PERCENTILE + i] = l.empty() ? "-" : Units.duration(shown[i]);
            }
            row[OP_COLUMNS.length - 1] = Units.rate(t.perSecond(op.count()));
            rows.add(row);
        }
        rows.add(new String[] {"all", Long.toString(t.ops()), Long.toString(t.errors()), Long.toString(t.timeouts()),
                "", "", "", "", "", Units.rate(t.opsPerSecond())});
        return rows;
    }

    /** One row per errno (name order), then "timeouts" if any call timed out; empty if neither. */
    static List<String[]> errors(LoadSummary s, Totals t) {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : t.errnos().entrySet()) {
            List<String> where = new ArrayList<>();
            for (OpStats op : s.ops()) {
                Long n = op.errnos().get(e.getKey());
                if (n != null && n > 0) {
                    where.add(op.op() + " " + n);
                }
            }
            rows.add(new String[] {e.getKey(), Long.toString(e.getValue()), String.join(", ", where)});
        }
        if (t.timeouts() > 0) {
            List<String> where = new ArrayList<>();
            for (OpStats op : s.ops()) {
                if (op.timeouts() > 0) {
                    where.add(op.op() + " " + op.timeouts());
                }
            }
            rows.add(new String[] {"timeouts", Long.toString(t.timeouts()), String.join(", ", where)});
        }
        return rows;
    }

    /** The run's settings as "key value" pairs, in the summary's order. */
    static List<String> settings(LoadSummary s) {
        List<String> out = new ArrayList<>();
        s.settings().forEach((k, v) -> out.add(k + " " + v));
        return out;
    }
}
