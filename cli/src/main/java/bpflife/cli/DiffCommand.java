package bpflife.cli;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.LenientReplayStrategy;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.explore.Violation;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.world.Listings;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife diff --schedule FILE --semantics A --against B}: one schedule under two designs,
 * side by side: the first step where they part, then what each task got back, the dumps, the
 * final listings and the invariants.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Run one schedule under two semantics and show where they part.",
            "%nThe schedule is followed as far as it applies under each (a design may take other steps); "
                    + "the first differing step, each call's result, the final link show / prog show and the "
                    + "invariants are printed side by side.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the two runs are the same",
            "1:they differ",
            "2:bad input: command line, unreadable schedule or scenario, a schedule that applies under neither "
                    + "design (the step where it stops applying is named)",
            "3:internal error (a bug in bpflife)",
            "130:interrupted (Ctrl-C)"
        })
final class DiffCommand implements Callable<Integer> {
    private static final int COLUMN = 40;

    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", paramLabel = "FILE", required = true, description = "A schedule file.")
    Path scheduleFile;

    @Option(names = "--semantics", paramLabel = "A", defaultValue = "linux", converter = SemanticsConverter.class,
            description = "The first design (default: ${DEFAULT-VALUE}).")
    Semantics a;

    @Option(names = "--against", paramLabel = "B", required = true, converter = SemanticsConverter.class,
            description = "The design to compare with.")
    Semantics b;

    @Option(names = "--json", description = "Print the comparison as one JSON document (docs/DIFF-JSON.md).")
    boolean json;

    @Override
    public Integer call() {
        ShrinkCommand.Loaded in = ShrinkCommand.Loaded.of(scheduleFile);
        ReplayStrategy.Mismatch ma = applies(in, a);
        ReplayStrategy.Mismatch mb = a.equals(b) ? ma : applies(in, b);
        if (ma != null && mb != null) {
            throw new BadInputException(scheduleFile + ": the schedule does not apply under " + a.name()
                    + (a.equals(b) ? "" : " nor under " + b.name()) + ": " + ma.getMessage()
                    + " (made for a different scenario or bpflife? 'bpflife explore' makes a new one)", ma);
        }
        RunResult ra = run(in, a);
        RunResult rb = run(in, b);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            return json(o, in, ra, rb);
        }
        o.println("scenario   " + in.scenario().file());
        o.println("schedule   " + scheduleFile + " (" + in.file().choices().size() + " deliveries)");
        o.println(Text.pad("A: " + a.name(), COLUMN) + "  B: " + b.name());
        o.println();
        int first = firstDifference(ra.records(), rb.records());
        boolean same = first < 0 && ra.violations().equals(rb.violations());
        if (first < 0) {
            o.println("every step is the same (" + ra.steps() + " steps)");
        } else {
            o.println("they part at step " + (first + 1) + ":");
            o.println("  A  " + step(ra.records(), first));
            o.println("  B  " + step(rb.records(), first));
        }
        Report pa = Report.of(ra);
        Report pb = Report.of(rb);
        o.println();
        o.println("calls:");
        for (CallPair c : callPairs(pa, pb)) {
            o.println((c.same() ? "  " : "* ") + Text.pad(c.task() + ": " + c.call(), COLUMN) + "  "
                    + Text.pad(c.inA(), 24) + "  " + c.inB());
        }
        o.println();
        side(o, "link show", lines(pa.linkShow()), lines(pb.linkShow()));
        side(o, "prog show", lines(pa.progShow()), lines(pb.progShow()));
        o.println();
        o.println("invariants:");
        o.println("  A  " + verdict(ra));
        o.println("  B  " + verdict(rb));
        o.println();
        o.println(same && lines(pa.linkShow()).equals(lines(pb.linkShow())) ? "same" : "different");
        o.flush();
        return same ? Errors.OK : Errors.FAILED;
    }

    /** One statement of one task as the two runs answered it ("(not run)" where a run never reached it). */
    private record CallPair(String task, String call, String inA, String inB) {
        boolean same() {
            return inA.equals(inB);
        }
    }

    /** Every task's calls side by side, in the order the text and the JSON both list them. */
    private static List<CallPair> callPairs(Report pa, Report pb) {
        List<CallPair> pairs = new java.util.ArrayList<>();
        for (int t = 0; t < pa.tasks().size(); t++) {
            Report.TaskCalls ta = pa.tasks().get(t);
            Report.TaskCalls tb = pb.tasks().get(t);
            int n = Math.max(ta.calls().size(), tb.calls().size());
            for (int i = 0; i < n; i++) {
                Report.Call ca = i < ta.calls().size() ? ta.calls().get(i) : null;
                Report.Call cb = i < tb.calls().size() ? tb.calls().get(i) : null;
                pairs.add(new CallPair(ta.task(), ca != null ? ca.text() : cb.text(),
                        ca == null ? "(not run)" : results(ca.results()), cb == null ? "(not run)" : results(cb.results())));
            }
        }
        return pairs;
    }

    /** The same comparison as one JSON document: the first step where the runs part, each call's results, listings, invariants. */
    private int json(PrintWriter o, ShrinkCommand.Loaded in, RunResult ra, RunResult rb) {
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        doc.put("version", 1);
        doc.put("scenario", String.valueOf(in.scenario().file()));
        doc.put("schedule", scheduleFile.toString());
        doc.put("deliveries", in.file().choices().size());
        doc.put("a", a.name());
        doc.put("b", b.name());
        doc.put("steps_a", ra.steps());
        doc.put("steps_b", rb.steps());
        int first = firstDifference(ra.records(), rb.records());
        boolean same = first < 0 && ra.violations().equals(rb.violations());
        if (first >= 0) {
            doc.putObject("first_difference").put("step", first + 1).put("in_a", step(ra.records(), first))
                    .put("in_b", step(rb.records(), first));
        }
        Report pa = Report.of(ra);
        Report pb = Report.of(rb);
        com.fasterxml.jackson.databind.node.ArrayNode calls = doc.putArray("calls");
        for (CallPair c : callPairs(pa, pb)) {
            calls.addObject().put("task", c.task()).put("call", c.call()).put("in_a", c.inA()).put("in_b", c.inB())
                    .put("same", c.same());
        }
        List<String> la = lines(pa.linkShow());
        List<String> lb = lines(pb.linkShow());
        com.fasterxml.jackson.databind.node.ObjectNode listings = doc.putObject("listings");
        listings.putObject("link_show").set("in_a", strings(la));
        ((com.fasterxml.jackson.databind.node.ObjectNode) listings.get("link_show")).set("in_b", strings(lb));
        listings.putObject("prog_show").set("in_a", strings(lines(pa.progShow())));
        ((com.fasterxml.jackson.databind.node.ObjectNode) listings.get("prog_show")).set("in_b",
                strings(lines(pb.progShow())));
        doc.putObject("invariants").put("in_a", verdict(ra)).put("in_b", verdict(rb));
        doc.put("same", same);
        doc.put("listings_same", la.equals(lb));
        // as the exit code says (and the text's): every step and the invariants the same is a pass
        doc.put("verdict", same ? "pass" : "fail");
        if (!same) {
            doc.put("reason", first >= 0 ? "the runs part at step " + (first + 1) : "the invariants differ");
        }
        o.println(doc.toPrettyString());
        o.flush();
        return same ? Errors.OK : Errors.FAILED;
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode strings(List<String> xs) {
        com.fasterxml.jackson.databind.node.ArrayNode arr = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode();
        xs.forEach(arr::add);
        return arr;
    }

    /**
     * Null when the schedule applies delivery by delivery under {@code sem} (it is followed to its
     * end, or to the violation that ends the run), else where it stops applying. A schedule must
     * apply under at least one of the two designs (the one it was made under); the other may take
     * other steps, and is then followed leniently.
     */
    private static ReplayStrategy.Mismatch applies(ShrinkCommand.Loaded in, Semantics sem) {
        try {
            new DeterministicRuntime(new Env(in.scenario(), sem), new ReplayStrategy(in.file().choices()),
                    Stepper.KERNEL, new DeterministicRuntime.Options(1_000_000, false, null)).run();
            return null;
        } catch (ReplayStrategy.Mismatch m) {
            return m;
        }
    }

    private static RunResult run(ShrinkCommand.Loaded in, Semantics sem) {
        return new DeterministicRuntime(new Env(in.scenario(), sem), new LenientReplayStrategy(in.file().choices()),
                Stepper.KERNEL, new DeterministicRuntime.Options(1_000_000, true, null)).run();
    }

    private static int firstDifference(List<StepRecord> x, List<StepRecord> y) {
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            StepRecord p = x.get(i);
            StepRecord q = y.get(i);
            if (!p.receiver().equals(q.receiver()) || !p.message().equals(q.message()) || !p.events().equals(q.events())
                    || !p.sent().equals(q.sent()) || !Objects.equals(p.reply(), q.reply())) {
                return i;
            }
        }
        return x.size() == y.size() ? -1 : n;
    }

    private static String step(List<StepRecord> rs, int i) {
        return i < rs.size() ? bpflife.explore.Format.step(rs.get(i)) : "(the run had ended)";
    }

    private static String results(List<Result> rs) {
        StringBuilder b = new StringBuilder();
        for (Result r : rs) {
            b.append(b.isEmpty() ? "" : ", ").append(r.ok() ? (r.data() != null ? r.data().length() + "B"
                    : r.listing() != null ? r.listing().size() + " listed" : Long.toString(r.value())) : r.errno().name());
            if (b.length() > 60) {
                return rs.size() + " results";
            }
        }
        return b.toString();
    }

    private static List<String> lines(List<Listings.Entry> entries) {
        return entries.stream().map(e -> Bpftool.plain(e).strip()).toList();
    }

    private static void side(PrintWriter o, String title, List<String> x, List<String> y) {
        o.println(title + ":" + (x.equals(y) ? "" : "  (differs)"));
        int n = Math.max(Math.max(x.size(), y.size()), 1);
        for (int i = 0; i < n; i++) {
            String l = i < x.size() ? x.get(i) : (i == 0 ? "(none)" : "");
            String r = i < y.size() ? y.get(i) : (i == 0 ? "(none)" : "");
            o.println("  " + Text.pad(l, COLUMN) + "  " + r);
        }
    }

    private static String verdict(RunResult r) {
        if (r.violations().isEmpty()) {
            return "all held";
        }
        Violation v = r.violations().get(0);
        return "VIOLATED " + v.headline();
    }
}
