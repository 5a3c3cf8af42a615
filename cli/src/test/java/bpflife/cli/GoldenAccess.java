package bpflife.cli;

import bpflife.explore.Report;
import bpflife.explore.RunResult;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lets the golden-run tests build the {@code run --json} document of a run. */
public final class GoldenAccess {
    private GoldenAccess() {}

    public static ObjectNode report(RunResult run, Report rep) {
        return JsonReport.document(run, rep);
    }
}
