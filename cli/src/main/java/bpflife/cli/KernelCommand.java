package bpflife.cli;

import bpflife.explore.JournalFile;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.ScheduleFile;
import bpflife.kernel.CallOrder;
import bpflife.kernel.DriverBuild;
import bpflife.kernel.KernelCheck;
import bpflife.kernel.KernelReport;
import bpflife.kernel.KernelRuns;
import bpflife.kernel.RunsReport;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.Choice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code bpflife kernel FILE.scn}: runs the scenario's calls on the real kernel, one at a time in
 * the model's order, and prints the model and the kernel side by side with a verdict per
 * observable. Exit 0 when they agree, 1 when anything differs, 2 on bad input, 3 on an internal
 * error, 4 when the check cannot run here (with {@code not run: <reason>}); what it could not compare
 * is listed under {@code not compared:} and never counted as agreement.
 */
@Command(name = "kernel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {
            "Run a scenario on the real kernel and compare it with the model, call by call.",
            "%nThe model's deterministic run (first-enabled, or the --schedule given) fixes the order of the "
                    + "calls; the model runs them again one call at a time in that order, and the kernel makes the "
                    + "same calls in the same order: real iterator programs (a small C driver with libbpf, built with "
                    + "clang on first use), real links, pins in a private bpffs directory, real opens, reads, forks "
                    + "and closes, one process per task. Compared: the result (ok or errno) of every call, the "
                    + "objects every link show / prog show lists (as the variables that made them, in id order), the "
                    + "object every next id returns, and for every session the program that printed its dump, its "
                    + "session id relative to the first, its END lines, whether it is complete and has objects; "
                    + "each read's byte counts where both dumps have lines of the same lengths (a prog's pad). "
                    + "Never raw ids, pids or object values: they differ between runs. What could not be compared "
                    + "is listed under 'not compared:', never counted as agreement.",
            "%nEverything the run made (pins, links, progs, sessions, cgroups) is gone at the end, also after "
                    + "a failure or Ctrl-C. Needs root, kernel BTF (/sys/kernel/btf/vmlinux) and bpffs at "
                    + "/sys/fs/bpf (mounted when missing); the first use builds the driver with clang, bpftool, "
                    + "make, cc and libbpf-dev (Debian: apt-get install -y " + DriverBuild.PACKAGES + ").%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the model and the kernel agree on every observable",
            "1:they differ (the 'differences:' list says where; the kernel is right)",
            "2:bad input: command line, missing or unreadable file, scenario error, a schedule that does not apply",
            "3:internal error (a bug in bpflife, or the kernel driver failed)",
            "130:interrupted (Ctrl-C)",
            "4:not run: the check cannot run here (not root, no BTF, no bpffs, no build tools, a statement no "
                    + "real kernel can run, a target the kernel refuses); 'not run: <reason>' says which"
        })
final class KernelCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(KernelCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Exit code of a check that cannot run on this machine. */
    static final int SKIPPED = 4;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.scn", arity = "1..*",
            description = "The scenario (docs/SCENARIO-LANGUAGE.md); with several, each is checked in turn and a "
                    + "summary counts and lists those that agree, differ and were not run.")
    List<Path> files;

    /** The scenario being checked. */
    private Path file;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "Take the order from this run of the model instead of the first-enabled one: a schedule "
                    + "file (bpflife explore/shrink) or a journal (bpflife run --journal).")
    Path schedule;

    @Option(names = "--order", paramLabel = "entered|returned", split = ",", converter = OrderConverter.class,
            description = "Serialize the model's calls in the order they entered (default) or returned; the two "
                    + "differ only for calls that overlap in the model's run. With --runs: run K times in each "
                    + "order given (entered,returned for both), one call at a time, a histogram per order, "
                    + "instead of racing.")
    List<CallOrder> orders;

    @Option(names = "--json", description = "Print the report as one JSON document instead of text.")
    boolean json;

    @Option(names = "--runs", paramLabel = "K",
            description = "Run the scenario K times on the real kernel with its tasks at once (real races, one thread "
                    + "and process per task) and print the histogram of observed outcomes beside the model's outcome "
                    + "set (its exhaustive search); an observed outcome the model does not allow is a fidelity "
                    + "failure (exit 1, with the run's trace).")
    Integer runs;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "20000000",
            description = "With --runs: the bound of the model's exhaustive search (default ${DEFAULT-VALUE}).")
    long maxStates;

    @Override
    public Integer call() {
        if (files.size() == 1) {
            return one(files.get(0));
        }
        if (json) {
            throw new BadInputException("--json takes one FILE.scn (found " + files.size() + ")");
        }
        if (schedule != null) {
            throw new BadInputException("--schedule takes one FILE.scn (found " + files.size() + ")");
        }
        files.forEach(f -> Inputs.checkFile(f, "scenario"));
        PrintWriter out = spec.commandLine().getOut();
        List<String> agree = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (Path f : files) {
            int code = one(f);
            out.println();
            String what = code == Errors.OK ? (runs != null ? "pass" : "agree") : code == Errors.FAILED
                    ? (runs != null ? "fidelity failure" : "differ") : code == SKIPPED ? "not run" : "error " + code;
            (code == Errors.OK ? agree : code == SKIPPED ? notRun : differ).add(f + (code == SKIPPED && lastReason != null
                    ? ": " + lastReason : code == Errors.OK || code == Errors.FAILED ? "" : " (" + what + ")"));
        }
        // a scenario not run is counted and listed, never as an agreement
        out.println("scenarios  " + files.size() + ": " + agree.size() + (runs != null ? " pass, " : " agree, ")
                + differ.size() + (runs != null ? " fail, " : " differ, ") + notRun.size() + " not run");
        differ.forEach(d -> out.println("  " + (runs != null ? "fail     " : "differ   ") + d));
        notRun.forEach(d -> out.println("  not run  " + d));
        out.flush();
        return differ.isEmpty() ? (notRun.isEmpty() ? Errors.OK : SKIPPED) : Errors.FAILED;
    }

    /** Why the last scenario checked was not run, or null. */
    private String lastReason;

    private int one(Path f) {
        file = f;
        lastReason = null;
        Scenario sc = RunCommand.parse(file);
        if (runs != null) {
            return histogram(sc);
        }
        if (orders != null && orders.size() > 1) {
            throw new BadInputException("--order takes one order without --runs, found " + orders.size());
        }
        KernelCheck.Options options = KernelCheck.Options.DEFAULT.withOrder(orders == null ? CallOrder.ENTERED
                : orders.get(0));
        if (schedule != null) {
            options = options.withSchedule(readSchedule(schedule));
        }
        PrintWriter err = spec.commandLine().getErr();
        KernelReport report;
        try {
            KernelCheck.Options chosen = options;
            report = JournalProgress.phase("checking " + sc.name() + " on the kernel (building the driver on first use)")
                    .during(() -> KernelCheck.run(sc, chosen, note -> LOG.debug("note: {}", note)));
        } catch (ReplayStrategy.Mismatch m) {
            throw new BadInputException("the schedule '" + schedule + "' does not apply to " + file + ": "
                    + m.getMessage(), m);
        } catch (DriverBuild.DriverBuildException e) {
            err.println("Error: " + e.getMessage());
            err.flush();
            return Errors.INTERNAL;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(report.json()));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            report.print(out);
        }
        out.flush();
        lastReason = report.skipReason();
        return switch (report.verdict()) {
            case AGREE -> Errors.OK;
            case DIFFER -> Errors.FAILED;
            case NOT_RUN -> SKIPPED;
        };
    }

    /** {@code --runs K}: the kernel's histogram of outcomes beside the model's outcome set. */
    private int histogram(Scenario sc) {
        if (runs < 1 || runs > 100_000) {
            throw new BadInputException("--runs must be 1 to 100000, found " + runs);
        }
        if (schedule != null) {
            throw new BadInputException("--runs and --schedule cannot be combined: the runs are real races");
        }
        // the model's outcome set is searched once, for every order's histogram
        KernelRuns.ModelOutcomes model = new KernelRuns.ModelOutcomes(sc, maxStates);
        if (orders == null) {
            return histogram(model, null);
        }
        int worst = Errors.OK;
        for (CallOrder o : orders.stream().distinct().toList()) {
            int code = histogram(model, o);
            worst = code == Errors.FAILED || worst == Errors.FAILED ? Errors.FAILED : Math.max(worst, code);
        }
        return worst;
    }

    /** One histogram: real races ({@code forced} null) or every run in that forced order. */
    private int histogram(KernelRuns.ModelOutcomes model, CallOrder forced) {
        KernelRuns.Histogram h = JournalProgress.phase("running " + model.scenario().name() + " " + runs
                        + " times on the kernel" + (forced == null ? "" : " in the " + forced.word() + " order"))
                .during(() -> KernelRuns.run(model, runs, java.time.Duration.ofSeconds(60),
                        note -> LOG.debug("note: {}", note), forced));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            try {
                out.println(JSON.writeValueAsString(RunsReport.json(h)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            RunsReport.print(h, out);
        }
        out.flush();
        lastReason = h.skipped() ? h.skipReason() : RunsReport.verdict(h).equals("incomplete")
                ? "the model's outcome set is incomplete (its search stopped at --max-states)" : null;
        return switch (RunsReport.verdict(h)) {
            case "pass" -> Errors.OK;
            case "fail" -> Errors.FAILED;
            default -> SKIPPED;
        };
    }

    /** A schedule file's deliveries, or a journal's (JSON Lines, one step record per line). */
    static List<Choice> readSchedule(Path path) {
        Inputs.checkFile(path, "schedule");
        try {
            if (!JournalFile.looksLikeJournal(Files.readAllLines(path, StandardCharsets.UTF_8))) {
                ScheduleFile f = ScheduleFile.read(path);
                String sem = f.semantics();
                if (sem != null && !sem.equals("linux")) {
                    throw new BadInputException(path + ": the schedule was made under semantics '" + sem
                            + "'; the kernel check compares the kernel with linux");
                }
                return f.choices();
            }
            return JournalFile.readAll(path).stream().map(Choice::of).toList();
        } catch (IOException | UncheckedIOException e) {
            throw Inputs.cantRead("schedule", path, e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** {@code --order entered|returned}. */
    static final class OrderConverter implements ITypeConverter<CallOrder> {
        @Override
        public CallOrder convert(String value) {
            CallOrder o = CallOrder.byWord(value);
            if (o == null) {
                throw new TypeConversionException("expected entered or returned, found '" + value + "'");
            }
            return o;
        }
    }
}
