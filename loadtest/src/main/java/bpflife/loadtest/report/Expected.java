package bpflife.loadtest.report;

import java.util.Map;

/**
 * The errnos a load run's workload makes on purpose: its unlinkers remove a pin and put it back
 * while readers, updaters and other unlinkers look it up, so some lookups find nothing and some
 * names are taken. These are the kernel answering a race correctly, listed in the report as
 * expected, beside the reason; any other errno is unexpected and shown as an error.
 *
 * <p>Assumptions: the workload of {@code bpflife.loadtest.Workload} (readers open or obj-get a pin;
 * unlinkers obj-get, rm, pin under a new name, mv back). A change there that makes a new race
 * adds a line here.
 */
final class Expected {
    private Expected() {}

    /** (operation, errno) to why the workload makes it. */
    private static final Map<String, String> WHY = Map.of(
            "open ENOENT", "the pin was removed by an unlinker and not yet put back",
            "obj-get ENOENT", "the pin was removed by an unlinker and not yet put back",
            "unlink ENOENT", "another unlinker of the same pin removed it first",
            "rename ENOENT", "another unlinker of the same pin moved the new name first",
            "pin EEXIST", "another unlinker of the same pin took the new name first");

    /** Why {@code op} returning {@code errno} is the workload's race, or null if it is not expected. */
    static String why(String op, String errno) {
        return WHY.get(op + " " + errno);
    }

    static boolean expected(String op, String errno) {
        return why(op, errno) != null;
    }

    static final String[] COLUMNS = {"errno", "count", "by operation", "expected"};
    static final boolean[] NUMERIC = {false, true, false, false};

    /**
     * The errors table: one row per errno (name order), then "timeouts"; the last column says
     * whether every call with that errno is the workload's race (with why), or which are not.
     */
    static java.util.List<String[]> rows(LoadSummary s, Totals t) {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (Map.Entry<String, Long> e : t.errnos().entrySet()) {
            java.util.List<String> where = new java.util.ArrayList<>();
            java.util.List<String> whys = new java.util.ArrayList<>();
            java.util.List<String> unexpected = new java.util.ArrayList<>();
            for (OpStats op : s.ops()) {
                Long n = op.errnos().get(e.getKey());
                if (n != null && n > 0) {
                    where.add(op.op() + " " + n);
                    String why = why(op.op(), e.getKey());
                    if (why == null) {
                        unexpected.add(op.op());
                    } else if (!whys.contains(why)) {
                        whys.add(why);
                    }
                }
            }
            String verdict = unexpected.isEmpty() ? "yes: " + String.join("; ", whys)
                    : "NO (" + String.join(", ", unexpected) + ")";
            rows.add(new String[] {e.getKey(), Long.toString(e.getValue()), String.join(", ", where), verdict});
        }
        if (t.timeouts() > 0) {
            java.util.List<String> where = new java.util.ArrayList<>();
            for (OpStats op : s.ops()) {
                if (op.timeouts() > 0) {
                    where.add(op.op() + " " + op.timeouts());
                }
            }
            rows.add(new String[] {"timeouts", Long.toString(t.timeouts()), String.join(", ", where), "NO"});
        }
        return rows;
    }

    /** Calls that returned an errno the workload does not make on purpose, plus timeouts. */
    static long unexpected(LoadSummary s) {
        long n = 0;
        for (OpStats op : s.ops()) {
            n += op.timeouts();
            for (Map.Entry<String, Long> e : op.errnos().entrySet()) {
                if (!expected(op.op(), e.getKey())) {
                    n += e.getValue();
                }
            }
        }
        return n;
    }
}
