package bpflife.cli;

import bpflife.explore.Report;
import bpflife.explore.Violation;
import java.util.stream.Stream;

/**
 * PASS; FAIL and what failed first: the broken invariant if there is one (the run stops at the
 * first), else the first failed expectation (inline, then final) and how many failed; or
 * INCOMPLETE: the run reached its step bound before it finished, with no violation (the
 * expectations, checked in a state the run was cut in, do not count).
 */
record Verdict(boolean pass, boolean incomplete, String reason) {

    static Verdict of(Report rep) {
        if (rep.pass()) {
            return new Verdict(true, false, null);
        }
        if (!rep.violations().isEmpty()) {
            Violation v = rep.violations().get(0);
            return new Verdict(false, false, v.invariant().title() + " on " + v.object().key() + " at step " + v.step());
        }
        if (!rep.quiescent()) {
            return new Verdict(false, true, incomplete(rep.steps()));
        }
        Report.Check first = rep.firstFailure();
        if (first != null) {
            long failed = Stream.concat(rep.tasks().stream().flatMap(t -> t.calls().stream()).map(Report.Call::check),
                    rep.expectations().stream()).filter(c -> c != null && !c.ok()).count();
            String what = first.text() + " (" + first.pos() + ")";
            return new Verdict(false, false, failed == 1 ? "expectation failed: " + what
                    : failed + " expectations failed, first: " + what);
        }
        return new Verdict(false, false, "the run did not finish");
    }

    /** The words for a run cut at its step bound: {@code step bound N reached}. */
    static String incomplete(long steps) {
        return "step bound " + steps + " reached";
    }

    /** {@code PASS}, {@code FAIL} or {@code INCOMPLETE}: the plain report's word. */
    String word() {
        return json().toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code pass}, {@code fail} or {@code incomplete}: the JSON documents' one vocabulary (docs/JSON.md). */
    String json() {
        return pass ? "pass" : incomplete ? "incomplete" : "fail";
    }

    /** 0 pass, 1 fail, 4 incomplete. */
    int exitCode() {
        return pass ? Errors.OK : incomplete ? Errors.INCOMPLETE : Errors.FAILED;
    }

    /** {@code verdict: PASS}, {@code verdict: FAIL (...)} or {@code verdict: INCOMPLETE (step bound N reached)}. */
    String line() {
        return pass ? "verdict: PASS" : "verdict: " + word() + " (" + reason + ")";
    }
}
