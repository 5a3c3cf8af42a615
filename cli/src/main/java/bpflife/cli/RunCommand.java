package bpflife.cli;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.JournalFile;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.StepRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife run FILE.scn}: one run of a scenario under one schedule, deterministic for a
 * given seed; prints the report (plain or {@code --json}) and exits 0 when every invariant and
 * expectation held, 1 otherwise.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {
            "Run a scenario once under one deterministic schedule and report what happened.",
            "%nEvery invariant is checked after every step. The report shows each task's calls with "
                    + "what they returned (reads with the bytes they got, listings as bpftool prints them), "
                    + "the final link and prog listings, the scenario's expectations and a verdict. "
                    + "The same scenario, semantics and seed always give the same run.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every invariant and every expectation held",
            "1:an invariant was violated or an expectation failed",
            "2:bad input or environment: command line, missing or unreadable file, scenario error, journal",
            "3:internal error (a bug in bpflife)",
            "4:incomplete: the step bound (--max-steps) was reached before the run finished",
            "130:interrupted (Ctrl-C)"
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.scn", description = "The scenario (docs/SCENARIO-LANGUAGE.md).")
    Path file;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Seed.class,
            description = "Seed of the random scheduler; the same seed gives the same run (default: 1; only with "
                    + "--schedule random).")
    Long seed;

    @Option(names = "--schedule", paramLabel = "random|first", defaultValue = "random",
            converter = Schedule.Converter.class,
            description = "random: a seeded random choice at every step; first: always the oldest message "
                    + "(default: ${DEFAULT-VALUE}).")
    Schedule schedule;

    @Option(names = "--semantics", paramLabel = "NAME", defaultValue = "linux", converter = SemanticsConverter.class,
            description = "The kernel's rules: linux, or a bug-* variant ('bpflife semantics' lists them; "
                    + "default: ${DEFAULT-VALUE}).")
    Semantics semantics;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "2000000", converter = Numbers.Count.class,
            description = "Stop after this many deliveries: the run is then incomplete (exit 4), not a violation "
                    + "(default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--journal", paramLabel = "OUT.jsonl",
            description = "Write every step of the run to this file as JSON Lines: a line with the format's "
                    + "version, then one record per step.")
    Path journal;

    @Option(names = "--json", description = "Print the report as one JSON document instead of text.")
    boolean json;

    @Option(names = "--live", description = "Run on the live actor system (Pekko, real threads) with the durable "
            + "journal; the report is the journal's deterministic replay (see 'bpflife replay').")
    boolean live;

    @Option(names = "--world", paramLabel = "NAME",
            description = "With --live: the world's name in the journal (default: the scenario's name and the time).")
    String world;

    @picocli.CommandLine.Mixin
    StoreOptions store = new StoreOptions();

    @Override
    public Integer call() {
        if (seed != null && schedule != Schedule.RANDOM) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--seed goes with --schedule random (--schedule " + schedule.word() + " makes no random choice)");
        }
        if (!live && store.dataDir != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--data-dir needs --live");
        }
        if (!live && store.store != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--store needs --live");
        }
        if (live && (seed != null || schedule != Schedule.RANDOM || maxStepsGiven())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seed, --schedule and --max-steps "
                    + "go with a deterministic run, not --live (the live run's schedule is the threads')");
        }
        if (live) {
            return LiveRunner.run(spec.commandLine().getOut(), spec.commandLine().getErr(), file, semantics, world, json,
                    journal, store);
        }
        if (world != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--world goes with --live");
        }
        Scenario sc = parse(file);
        LOG.debug("parsed {}: {} tasks, {} expectations", file, sc.tasks().size(), sc.expectations().size());
        Env env = new Env(sc, semantics);
        long started = System.nanoTime();
        RunResult run;
        if (journal == null) {
            run = run(env, null);
        } else {
            try (JournalFile.Writer w = JournalFile.create(journal)) {
                run = run(env, r -> {
                    try {
                        w.write(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new BadInputException("can't write journal '" + journal + "': " + reason(e), e);
            }
            LOG.debug("journal: {} records written to {}", run.steps(), journal);
        }
        LOG.debug("run of {} under {} with {}: {} steps in {} ms, quiescent={}, violations={}", sc.name(),
                semantics.name(), run.scheduler(), run.steps(), (System.nanoTime() - started) / 1_000_000,
                run.quiescent(), run.violations().size());
        Report rep = Report.of(run);
        if (json) {
            JsonReport.write(spec.commandLine().getOut(), run, rep);
        } else {
            PlainReport.write(spec.commandLine().getOut(), run, rep);
        }
        return Verdict.of(rep).exitCode();
    }

    private boolean maxStepsGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--max-steps");
    }

    private RunResult run(Env env, Consumer<StepRecord> sink) {
        return new DeterministicRuntime(env, schedule.scheduler(seed == null ? 1 : seed), Stepper.KERNEL,
                new DeterministicRuntime.Options(maxSteps, true, sink)).run();
    }

    /** The scenario; a file that cannot be read is bad input, a text that does not parse a ScenarioException. */
    static Scenario parse(Path file) {
        Inputs.checkFile(file, "scenario");
        try {
            return ScenarioParser.parseFile(file);
        } catch (IOException | UncheckedIOException e) {
            throw Inputs.cantRead("scenario", file, e);
        }
    }

    private static String reason(Exception e) {
        return Inputs.reason(e);
    }
}
