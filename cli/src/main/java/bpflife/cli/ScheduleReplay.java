package bpflife.cli;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.Report;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.ScheduleFile;
import bpflife.explore.Stepper;
import bpflife.explore.Violation;
import bpflife.model.Env;
import bpflife.model.Semantics;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code replay --schedule FILE}: the run a schedule file describes, delivery by delivery. Fails
 * loudly, naming the step, when the schedule no longer applies (the scenario, the semantics or
 * bpflife changed); says so when the scenario file is not the one the schedule was made from.
 */
final class ScheduleReplay {
    private ScheduleReplay() {}

    static int run(PrintWriter out, Path scheduleFile, Semantics override, boolean report, boolean json) {
        ShrinkCommand.Loaded in = ShrinkCommand.Loaded.of(scheduleFile);
        Semantics sem = override != null ? override : in.semantics();
        Path scenario = Path.of(in.file().scenario());
        int deliveries = in.file().choices().size();
        RunResult run;
        try {
            run = new DeterministicRuntime(new Env(in.scenario(), sem), new ReplayStrategy(in.file().choices()),
                    Stepper.KERNEL, new DeterministicRuntime.Options(2_000_000, true, null)).run();
        } catch (ReplayStrategy.Mismatch m) {
            throw new BadInputException(scheduleFile + ": the schedule no longer applies: " + m.getMessage(), m);
        }
        String expected = in.file().violation();
        Boolean reproduced = expected == null || run.violations().isEmpty() ? null
                : expected.equals(run.violations().get(0).headline());
        Report rep = Report.of(run);
        Verdict verdict = Verdict.of(rep);
        if (json) {
            ReplayJson.print(out, new ReplayJson.Summary("schedule", scheduleFile.toString(), in.scenario().name(),
                    in.semantics().name(), sem.name(), run.steps(), deliveries, null, null, run, reproduced,
                    verdict.json(), verdict.reason()));
            return verdict.exitCode();
        }
        out.println("schedule   " + scheduleFile + " (" + deliveries + " deliveries)");
        out.println("scenario   " + in.scenario().name() + " (" + scenario + ")");
        out.println("replayed   under " + sem.name() + ": " + sem.summary());
        String version = in.file().writtenBy();
        if (version != null && !version.equals(ScheduleFile.VERSION)) {
            out.println("warning    the schedule was written by " + version + ", this is " + ScheduleFile.VERSION);
        }
        if (run.boundReached()) {
            out.println("steps      " + run.steps() + " of the schedule's " + deliveries
                    + " deliveries: " + Verdict.incomplete(run.steps()));
        } else if (run.steps() < deliveries) {
            out.println("steps      " + run.steps() + " of the schedule's " + deliveries
                    + " deliveries: the run stopped at a violation");
        } else {
            out.println("steps      " + run.steps() + ": every delivery of the schedule, exactly");
        }
        if (run.violations().isEmpty()) {
            out.println("invariants all held after every step");
        } else {
            out.println("invariants");
            for (Violation v : run.violations()) {
                PlainReport.violation(out, v);
            }
            if (reproduced != null) {
                out.println(reproduced ? "reproduced the schedule's violation" : "the schedule recorded: " + expected);
            }
        }
        if (report) {
            out.println();
            PlainReport.write(out, run, rep);
        }
        out.println();
        out.println(verdict.line());
        out.flush();
        return verdict.exitCode();
    }
}
