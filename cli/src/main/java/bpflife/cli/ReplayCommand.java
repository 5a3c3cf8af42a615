package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.cli.history.HistoryOptions;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.persistence.Replayer;
import bpflife.protocol.StepRecord;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife replay} with any history source ({@link HistoryOptions}: {@code --world NAME},
 * {@code --journal FILE.jsonl --scenario FILE.scn}, {@code --scenario FILE.scn --seed N}; a
 * {@code --schedule FILE} is {@link ScheduleReplay}'s): re-executes a recorded run through the
 * deterministic runtime, delivery by delivery, and checks that every step produces what was
 * recorded, under the recorded rules or {@code --semantics}. Streams the record (a world of any
 * size replays in constant memory unless {@code --report} asks for the whole run's report).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Replay a recorded run through the deterministic runtime and check that every step produces "
                    + "the recorded events, spawned objects, messages and reply.",
            "%nThe record is a world of the durable journal (--world, from 'run --live' or 'load'), a JSON "
                    + "Lines journal file (--journal, from 'run --journal', with its --scenario), a schedule file "
                    + "(--schedule, from 'explore' or 'shrink') or the run 'run FILE.scn --seed N' makes "
                    + "(--scenario, --seed). With --semantics the same schedule is replayed under another variant "
                    + "of the rules, and the first step where the runs part is shown.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step replayed as recorded, every invariant held",
            "1:the replay parts from the record, or an invariant was violated",
            "2:bad input: unknown world, unreadable or corrupt journal, command line, a schedule made for a "
                    + "different scenario or that no longer applies",
            "3:internal error (a bug in bpflife)",
            "4:incomplete: the step bound was reached before the run finished",
            "130:interrupted (Ctrl-C)"
        })
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Option(names = "--report", description = "Print the whole run's report (as 'run' does) after the replay's summary.")
    boolean report;

    @Option(names = "--json", description = "Print the summary as one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (history.atGiven()) {
            throw new BadInputException("--at does not go with replay: it replays the whole record");
        }
        Semantics override = history.semantics();
        if (history.schedule() != null) {
            return ScheduleReplay.run(out, history.schedule(), override, report, json);
        }
        try (History h = history.openRecorded(JournalProgress.PHASE)) {
            Semantics sem = override != null ? override : h.semantics();
            Env env = new Env(h.scenario(), sem);
            Iterator<StepRecord> records = h.steps();
            Replayer.Outcome o = JournalProgress.PHASE.during("replaying " + h.name(), h::stepsRead,
                    () -> Replayer.replay(env, records, report, Long.MAX_VALUE, h::cut));
            History.Origin from = h.origin();
            return print(out, from.kind(), from.record(), h.scenario(),
                    from.kind().equals("journal") ? null : from.recorded(), sem, o);
        }
    }

    private int print(PrintWriter out, String kind, String where, Scenario sc, String recordedUnder, Semantics sem,
                      Replayer.Outcome o) {
        RunResult run = o.result();
        boolean clean = run.violations().isEmpty();
        if (json) {
            Replayer.Divergence d = o.divergence();
            ReplayJson.print(out, new ReplayJson.Summary(kind, where, sc.name(), recordedUnder, sem.name(), o.steps(), -1,
                    d == null ? null : new ReplayJson.Divergence(d.step(), d.reason(), d.expected(), d.actual()),
                    o.prefix(), run, null, o.identical() && clean ? "pass" : "fail",
                    !o.identical() ? "diverged at step " + d.step() + ": " + d.reason()
                            : !clean ? "identical up to a violation: " + run.violations().get(0).headline()
                            : o.prefix()));
        } else {
            String label = kind.equals("scenario") ? "run" : kind;
            out.println(label + " ".repeat(Math.max(1, 11 - label.length())) + where);
            out.println("scenario   " + sc.name() + " (" + sc.file() + ")");
            if (recordedUnder != null) {
                out.println("recorded   under " + recordedUnder);
            }
            out.println("replayed   under " + sem.name() + ": " + sem.summary());
            if (o.identical()) {
                out.println("steps      " + o.steps() + " replayed; every step produced the recorded events, "
                        + "spawned objects, messages and reply");
            } else {
                out.println("steps      " + o.steps() + " replayed as recorded, then the runs part");
                Replays.divergence(out, o.divergence());
            }
            if (clean) {
                out.println("invariants all held after every one of " + run.steps() + " steps");
            } else {
                out.println("invariants");
                for (Violation v : run.violations()) {
                    PlainReport.violation(out, v);
                }
                if (o.leftOver()) {
                    out.println("  (the replay stops at the violation; the record goes on)");
                }
            }
            if (report && run.scenario() != null) {
                out.println();
                PlainReport.write(out, run, Report.of(run));
            }
            out.println();
            out.println("verdict: " + o.verdict());
        }
        out.flush();
        return o.identical() && clean ? Errors.OK : Errors.FAILED;
    }

}
