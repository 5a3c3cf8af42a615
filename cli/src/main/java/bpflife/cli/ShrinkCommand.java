package bpflife.cli;

import bpflife.explore.ReplayStrategy;
import bpflife.explore.ScheduleFile;
import bpflife.explore.Shrinker;
import bpflife.explore.Violation;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife shrink --schedule FILE}: the smallest failing run it can find that breaks the
 * same invariant: fewer tasks and calls, then fewer deliveries, then fewer preemptions.
 */
@Command(name = "shrink", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Shrink a failing schedule: drop tasks and calls of its scenario, then deliveries, then preemptions, "
                    + "always keeping the same invariant broken.",
            "%nWrites NAME.shrunk.scn and NAME.shrunk.schedule next to the schedule and prints both sizes.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:shrunk (the shrunk scenario and schedule are written)",
            "1:the schedule does not break any invariant",
            "2:bad input: command line, unreadable schedule or scenario, a schedule made for a different scenario "
                    + "or that no longer applies",
            "3:internal error (a bug in bpflife)",
            "130:interrupted (Ctrl-C)"
        })
final class ShrinkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", paramLabel = "FILE", required = true, description = "A schedule from 'explore'.")
    Path scheduleFile;

    @Option(names = "--time", paramLabel = "SECONDS", defaultValue = "30", converter = Numbers.Seconds.class,
            description = "Time budget: stop shrinking after this many seconds (0.001 to 1000000) and write the "
                    + "smallest run found so far (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print the result as one JSON document (docs/SHRINK-JSON.md).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        long begin = System.nanoTime();
        Loaded in = Loaded.of(scheduleFile);
        PrintWriter o = spec.commandLine().getOut();
        Shrinker shrinker = new Shrinker(in.semantics(), null, (long) (seconds * 1000), 0);
        Shrinker.Failing start;
        try {
            start = shrinker.replay(in.scenario(), in.file().choices());
        } catch (ReplayStrategy.Mismatch m) {
            throw new BadInputException(scheduleFile + ": the schedule no longer applies: " + m.getMessage(), m);
        }
        if (start == null) {
            if (json) {
                ObjectNode doc = JsonNodeFactory.instance.objectNode().put("version", 1)
                        .put("schedule", scheduleFile.toString()).put("semantics", in.semantics().name())
                        .put("verdict", "fail").put("reason", "the schedule breaks no invariant under "
                                + in.semantics().name());
                o.println(doc.toPrettyString());
            } else {
                o.println("the schedule breaks no invariant under " + in.semantics().name());
            }
            o.flush();
            return Errors.FAILED;
        }
        Violation v = start.violation();
        Shrinker.Failing small = JournalProgress.phase(String.format("shrinking (at most %.0f s)", seconds))
                .during(() -> shrinker.shrink(start));
        String base = scheduleFile.getFileName().toString().replaceFirst("\\.schedule$", "");
        Path scn = scheduleFile.resolveSibling(base + ".shrunk.scn");
        Path sched = scheduleFile.resolveSibling(base + ".shrunk.schedule");
        try {
            Files.writeString(scn, Shrinker.render(small.scenario()), StandardCharsets.UTF_8);
            ScheduleFile.shrunk(scn, in.semantics().name(), scheduleFile, small.violation().headline(),
                    small.schedule()).write(sched);
        } catch (IOException e) {
            throw new BadInputException("can't write the shrunk run next to '" + scheduleFile + "': "
                    + Inputs.reason(e), e);
        }
        // the shrinker's runs keep no journal: the shrunk schedule is run once more with it, for the picture
        bpflife.explore.RunResult pictured = new bpflife.explore.DeterministicRuntime(
                new bpflife.model.Env(small.scenario(), in.semantics()),
                new bpflife.explore.ReplayStrategy(small.schedule()), bpflife.explore.Stepper.KERNEL,
                new bpflife.explore.DeterministicRuntime.Options(2_000_000, true, null)).run();
        Path diagram = bpflife.cli.pictures.Diagrams.beside(sched, pictured);
        double secs = (System.nanoTime() - begin) / 1e9;
        if (json) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("version", 1);
            doc.put("schedule", scheduleFile.toString());
            doc.put("semantics", in.semantics().name());
            doc.put("invariant", v.invariant().title());
            size(doc.putObject("original"), start.size());
            size(doc.putObject("shrunk"), small.size());
            doc.put("violation", small.violation().headline());
            doc.put("runs_tried", shrinker.runs());
            doc.put("seconds", Math.round(secs * 100) / 100.0);
            doc.put("scenario", scn.toString());
            doc.put("shrunk_schedule", sched.toString());
            doc.put("diagram", diagram.toString());
            doc.put("scenario_text", Shrinker.render(small.scenario()));
            doc.put("verdict", "pass");
            o.println(doc.toPrettyString());
            o.flush();
            return Errors.OK;
        }
        o.println("invariant  " + v.invariant().title() + " (" + v.invariant().rule() + ") on a "
                + v.object().kind().name().toLowerCase(Locale.ROOT));
        o.println("original   " + start.size());
        o.println("shrunk     " + small.size());
        o.println("violation  " + small.violation().headline());
        o.printf(Locale.ROOT, "tried      %,d runs in %.2f s%n", shrinker.runs(), secs);
        o.println("scenario   " + scn);
        o.println("schedule   " + sched);
        o.println("diagram    " + diagram);
        o.println();
        o.print(Shrinker.render(small.scenario()));
        o.flush();
        return Errors.OK;
    }

    private static void size(ObjectNode n, Shrinker.Size s) {
        n.put("tasks", s.tasks()).put("calls", s.calls()).put("deliveries", s.deliveries())
                .put("preemptions", s.preemptions());
    }

    /** A schedule file with the scenario and semantics it names. */
    record Loaded(ScheduleFile file, Scenario scenario, Semantics semantics) {
        /**
         * Reads the schedule and its scenario; refuses a scenario that is not the one the schedule
         * was made for (its SHA-256 differs) and names the path it looked for when it is missing.
         */
        static Loaded of(Path scheduleFile) {
            bpflife.cli.history.Reading.LoadedSchedule in = bpflife.cli.history.Reading.schedule(scheduleFile);
            return new Loaded(in.file(), in.scenario(), in.semantics());
        }
    }
}
