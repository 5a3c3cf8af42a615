package bpflife.cli;

import bpflife.explore.Report;
import bpflife.explore.Violation;
import java.util.stream.Stream;

/**
 * PASS, or FAIL and what failed first: the broken invariant if there is one (the run stops at
 * the first), else the first failed expectation (inline, then final) and how many failed.
 */
record Verdict(boolean pass, String reason) {

    static Verdict of(Report rep) {
        if (rep.pass()) {
            return new Verdict(true, null);
        }
        if (!rep.violations().isEmpty()) {
            Violation v = rep.violations().get(0);
            return new Verdict(false, v.invariant().title() + " on " + v.object().key() + " at step " + v.step());
        }
        Report.Check first = rep.firstFailure();
        if (first != null) {
            long failed = Stream.concat(rep.tasks().stream().flatMap(t -> t.calls().stream()).map(Report.Call::check),
                    rep.expectations().stream()).filter(c -> c != null && !c.ok()).count();
            String what = first.text() + " (" + first.pos() + ")";
            return new Verdict(false, failed == 1 ? "expectation failed: " + what
                    : failed + " expectations failed, first: " + what);
        }
        return new Verdict(false, "the run did not finish");
    }

    /** {@code verdict: PASS} or {@code verdict: FAIL (...)}. */
    String line() {
        return pass ? "verdict: PASS" : "verdict: FAIL (" + reason + ")";
    }
}
