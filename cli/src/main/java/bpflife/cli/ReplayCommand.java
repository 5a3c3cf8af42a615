package bpflife.cli;

import bpflife.actors.WorldCreated;
import bpflife.explore.JournalFile;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Replayer;
import bpflife.persistence.WorldStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife replay --world NAME} or {@code --journal FILE.jsonl --scenario FILE.scn}:
 * re-executes a recorded run through the deterministic runtime, delivery by delivery, and checks
 * that every step produces what was recorded. Streams the record (a world of any size replays in
 * constant memory unless {@code --report} asks for the whole run's report).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Replay a recorded run through the deterministic runtime and check that every step produces "
                    + "the recorded events, spawned objects, messages and reply.",
            "%nThe record is a world of the durable journal (--world, from 'run --live') or a JSON Lines "
                    + "journal file (--journal, from 'run --journal', with its --scenario). With --semantics the "
                    + "same schedule is replayed under another variant of the rules, and the first step where "
                    + "the runs part is shown.%n"
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

    static final class Source {
        @Option(names = "--world", paramLabel = "NAME", required = true,
                description = "A world of the durable journal.")
        String world;

        @Option(names = "--journal", paramLabel = "FILE.jsonl", required = true,
                description = "A journal file written by 'run --journal' (give its --scenario too).")
        Path journal;

        @Option(names = "--schedule", paramLabel = "FILE", required = true,
                description = "A schedule file written by 'explore' or 'shrink' (it names its scenario).")
        Path schedule;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--scenario", paramLabel = "FILE.scn",
            description = "With --journal: the scenario the journal file was recorded from.")
    Path scenario;

    @Option(names = "--semantics", paramLabel = "NAME", converter = SemanticsConverter.class,
            description = "Replay under these rules instead of the recorded ones ('bpflife semantics' lists them).")
    Semantics semantics;

    @Option(names = "--report", description = "Print the whole run's report (as 'run' does) after the replay's summary.")
    boolean report;

    @Option(names = "--json", description = "Print the summary as one JSON document.")
    boolean json;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (source.schedule != null) {
            return ScheduleReplay.run(out, source.schedule, semantics, report, json);
        }
        if (source.journal != null) {
            if (scenario == null) {
                throw new BadInputException("replay --journal needs the scenario it was recorded from: --scenario FILE.scn");
            }
            Scenario sc = RunCommand.parse(scenario);
            Semantics sem = semantics != null ? semantics : Semantics.LINUX;
            Inputs.checkFile(source.journal, "journal");
            try (JournalFile.Reader r = JournalFile.open(source.journal)) {
                Replayer.Outcome o = Replayer.replay(new Env(sc, sem), r, report, Long.MAX_VALUE);
                return print(out, "journal", source.journal.toString(), sc, null, sem, o);
            } catch (IOException e) {
                throw Inputs.cantRead("journal", source.journal, e);
            } catch (UncheckedIOException e) {
                throw e.getCause() instanceof java.nio.charset.CharacterCodingException
                        ? Inputs.cantRead("journal", source.journal, e) : new BadInputException(e.getMessage(), e);
            }
        }
        if (scenario != null) {
            throw new BadInputException("--scenario goes with --journal; a world keeps its scenario");
        }
        return store.with(s -> {
            try (WorldStream ws = WorldStream.open(s, source.world)) {
                WorldCreated meta = ws.meta();
                Env env = LiveWorlds.env(meta, semantics);
                Replayer.Outcome o = JournalProgress.reading("replaying world " + source.world, ws)
                        .during(() -> Replayer.replay(env, ws, report, Long.MAX_VALUE));
                return print(out, "world", source.world + " (" + s.settings().describe() + ")", env.scenario(),
                        meta.semantics(), env.semantics(), o);
            }
        });
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
            out.println(kind + (kind.equals("world") ? "      " : "    ") + where);
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
