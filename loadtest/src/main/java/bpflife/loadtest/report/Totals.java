package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the reports compute from a {@link LoadSummary} before showing it, computed once so the
 * text, JSON and HTML reports cannot disagree: rates over the elapsed time, the errors of every
 * operation added up by errno, and the verdict.
 *
 * @param seconds      the elapsed time in seconds
 * @param ops          calls of every kind that completed
 * @param errors       calls of every kind that returned an errno
 * @param timeouts     calls of every kind that timed out
 * @param errnos       errors by errno over every operation, in name order
 * @param failedChecks the checks that failed, in the summary's order
 */
record Totals(double seconds, long ops, long errors, long timeouts, SortedMap<String, Long> errnos,
        List<Check> failedChecks) {

    static Totals of(LoadSummary s) {
        long ops = 0;
        long errors = 0;
        long timeouts = 0;
        SortedMap<String, Long> errnos = new TreeMap<>();
        for (OpStats op : s.ops()) {
            ops += op.count();
            errors += op.errors();
            timeouts += op.timeouts();
            op.errnos().forEach((errno, n) -> errnos.merge(errno, n, Long::sum));
        }
        List<Check> failed = new ArrayList<>();
        for (Check c : s.checks()) {
            if (!c.passed()) {
                failed.add(c);
            }
        }
        return new Totals(s.elapsed().toNanos() / 1e9, ops, errors, timeouts, errnos, List.copyOf(failed));
    }

    double opsPerSecond() {
        return Units.perSecond(ops, seconds);
    }

    double perSecond(long count) {
        return Units.perSecond(count, seconds);
    }

    /** Whether every check passed. */
    boolean passed() {
        return failedChecks.isEmpty();
    }

    /** {@code PASS (7 checks passed)}, or {@code FAIL (...)} naming the failed checks. */
    String verdict(int checks) {
        if (failedChecks.isEmpty()) {
            return checks == 0 ? "PASS (no checks ran)" : "PASS (" + checks + " checks passed)";
        }
        List<String> names = failedChecks.stream().map(Check::name).toList();
        return "FAIL (" + failedChecks.size() + " of " + checks + " checks failed: " + String.join("; ", names) + ")";
    }
}
