package bpflife.cli;

import bpflife.explore.Explorer;
import bpflife.explore.OutcomeText;
import bpflife.explore.Outcomes;
import bpflife.explore.JournalFile;
import bpflife.explore.JournalJson;
import bpflife.explore.RunResult;
import bpflife.explore.ScheduleFile;
import bpflife.explore.Violation;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife explore FILE.scn}: try the scenario's interleavings until one breaks an invariant;
 * write that schedule (and its journal) so that {@code replay} reproduces it and {@code shrink}
 * makes it small.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {
            "Explore the interleavings of a scenario and report any schedule that breaks an invariant.",
            "%nStrategies: random (seeded), pct (probabilistic concurrency testing, depths 1-3), portfolio "
                    + "(random and PCT alternating; the default) and exhaustive (every state, with partial-order "
                    + "reduction, state caching and symmetry reduction over the tasks of one template, on "
                    + "--workers threads; --exact keeps every state exactly, for small scenarios). A violating "
                    + "schedule is written to DIR/NAME.schedule with its journal DIR/NAME.jsonl.%n",
            "Swarm (beyond exhaustive reach): --schedules diversified compact searches (default 16) of at most "
                    + "--max-states states each (default 1000000), on --workers threads; reports the states seen "
                    + "and an estimate of the share of the reduced state space they cover.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no violation found in every schedule asked for (or every state)",
            "1:a schedule broke an invariant (written to --out)",
            "2:bad input or environment: command line, missing or unreadable file, scenario error",
            "3:internal error (a bug in bpflife)",
            "4:incomplete: no violation, but a bound (--max-steps, --max-states, --time, the heap) stopped the search first",
            "130:interrupted (Ctrl-C)"
        })
final class ExploreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.scn", description = "The scenario.")
    Path file;

    @Option(names = "--strategy", paramLabel = "random|pct|exhaustive|portfolio|swarm", defaultValue = "portfolio",
            converter = StrategyConverter.class, description = "How schedules are chosen (default: portfolio).")
    Explorer.Strategy strategy;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "10000", converter = Numbers.Count.class,
            description = "At most this many schedules (default: ${DEFAULT-VALUE}).")
    long schedules;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "1000000", converter = Numbers.Count.class,
            description = "A schedule is cut after this many deliveries; if no schedule breaks an invariant the "
                    + "answer is then incomplete (exit 4), never a violation (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--time", paramLabel = "SECONDS", converter = Numbers.Seconds.class,
            description = "Stop after this many seconds (0.001 to 1000000; default: no limit); stopped before "
                    + "--schedules or before every state was checked, with no violation, the answer is incomplete "
                    + "(exit 4).")
    Double seconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", converter = Numbers.Seed.class,
            description = "Seed of the schedule generators (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--max-states", "--states"}, paramLabel = "N", converter = Numbers.Count.class,
            description = "Exhaustive: stop after this many distinct states; the answer is then incomplete (exit 4) "
                    + "(default: 10000000 with --exact; none otherwise: the heap bounds the compact search, and "
                    + "filling it is incomplete too; swarm: 1000000 per search).")
    Long states;

    @Option(names = "--exact", description = "Exhaustive: keep every state exactly (no fingerprints, one worker, "
            + "no symmetry reduction; for small scenarios and to check the compact search).")
    boolean exact;

    @Option(names = "--no-symmetry", description = "Exhaustive: do not merge states that differ only by a "
            + "permutation of the tasks of one template (task cat[1..N]).")
    boolean noSymmetry;

    @Option(names = "--workers", paramLabel = "N", converter = Numbers.Int.class,
            description = "Exhaustive: threads searching at once, sharing one set of states (default: every core; "
                    + "the verdict and the state count do not depend on it).")
    Integer workers;

    @Option(names = "--semantics", paramLabel = "NAME", defaultValue = "linux", converter = SemanticsConverter.class,
            description = "The kernel's rules (default: ${DEFAULT-VALUE}; 'bpflife semantics' lists them).")
    Semantics semantics;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bpflife-out",
            description = "Where a violating schedule and its journal go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Scenario sc = RunCommand.parse(file);
        refuseIgnored();
        int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        boolean swarm = strategy == Explorer.Strategy.SWARM;
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        long count = swarm && !given.hasMatchedOption("--schedules") ? 16 : schedules;
        long bound = states != null ? states : swarm ? 1_000_000 : exact ? 10_000_000 : Long.MAX_VALUE;
        Explorer.Options opts = new Explorer.Options(strategy, count, maxSteps,
                seconds == null ? 0 : Math.max(1, Math.round(seconds * 1000)), seed, bound,
                exact ? 1 : threads, exact, !noSymmetry);
        Explorer.Summary s;
        try (Progress bar = new Progress(System.err, !json, count, opts.millis())) {
            s = new Explorer(new Env(sc, semantics), opts, bar).run();
        }
        Path schedule = null;
        if (s.found() != null) {
            schedule = write(sc, s.found());
        }
        java.util.Map<String, Path> witnesses = writeWitnesses(s.outcomes());
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            json(o, s, schedule, witnesses);
        } else {
            plain(o, s, schedule, witnesses);
        }
        o.flush();
        return s.found() != null || expectationFailed(s) ? Errors.FAILED
                : s.incomplete() != null ? Errors.INCOMPLETE : Errors.OK;
    }

    /** An expectation of the scenario failed on some terminal state of a complete search. */
    private static boolean expectationFailed(Explorer.Summary s) {
        return s.outcomes() != null && s.outcomes().set().complete() && !s.outcomes().set().pass();
    }

    /** Each expectation that fails on some schedule: its schedule, NAME.expect-K.schedule. */
    private java.util.Map<String, Path> writeWitnesses(Outcomes.Explored explored) throws IOException {
        java.util.Map<String, Path> written = new java.util.LinkedHashMap<>();
        if (explored == null) {
            return written;
        }
        String name = file.getFileName().toString().replaceFirst("\\.scn$", "");
        int k = 0;
        for (java.util.Map.Entry<String, java.util.List<bpflife.protocol.Choice>> w : explored.witnesses().entrySet()) {
            k++;
            if (w.getValue() == null) {
                continue;
            }
            Path f = out.resolve(name + ".expect-" + k + ".schedule");
            try {
                ScheduleFile.found(file, semantics.name(), "exhaustive (outcome set)", "expectation " + w.getKey(),
                        w.getValue()).write(f);
            } catch (IOException e) {
                throw new BadInputException("can't write to '" + out + "': " + Inputs.reason(e), e);
            }
            written.put(w.getKey(), f);
        }
        return written;
    }

    private Path write(Scenario sc, Explorer.Found f) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.scn$", "");
        Path schedule = out.resolve(name + ".schedule");
        try {
            ScheduleFile.found(file, semantics.name(), f.strategy() + ", schedule " + f.index(),
                    f.run().violations().get(0).headline(), f.schedule()).write(schedule);
            JournalFile.write(out.resolve(name + ".jsonl"), f.run().records());
            bpflife.cli.pictures.Diagrams.beside(schedule, f.run());
        } catch (IOException e) {
            throw new BadInputException("can't write to '" + out + "': " + Inputs.reason(e), e);
        }
        return schedule;
    }

    private void plain(PrintWriter o, Explorer.Summary s, Path schedule, java.util.Map<String, Path> witnesses) {
        Explorer.Progress p = s.progress();
        double secs = Math.max(1, p.elapsedMillis()) / 1000.0;
        o.println("scenario   " + file);
        o.println("semantics  " + semantics.name() + ": " + semantics.summary());
        o.println("strategy   " + strategy.name().toLowerCase(java.util.Locale.ROOT) + " (seed " + seed + ")");
        if (strategy == Explorer.Strategy.EXHAUSTIVE) {
            o.printf("explored   %,d states, %,d transitions, %,d complete schedules in %.1f s%n", p.states(),
                    p.transitions(), p.schedules(), secs);
            ExploreSummary.exhaustive(o, s.exhaustive(), secs);
        } else if (s.swarm() != null) {
            o.printf("explored   %,d searches, %,d distinct states, %,d transitions in %.1f s%n", s.swarm().searches(),
                    s.swarm().seen(), s.swarm().transitions(), secs);
            ExploreSummary.swarm(o, s.swarm());
        } else {
            o.printf("explored   %,d schedules, %,d steps in %.1f s (%,.0f schedules/s)%n", p.schedules(), p.steps(),
                    secs, p.schedules() / secs);
        }
        o.printf("coverage   %d of %d (object kind, state, message) triples the model defines%n", s.covered(),
                s.defined());
        o.println();
        if (s.found() == null) {
            if (s.incomplete() != null) {
                o.println("no violation in what was explored, but the search did not finish");
                o.println("incomplete: " + s.incomplete());
                o.println();
                o.println("verdict: INCOMPLETE (" + s.incomplete() + "; " + raise(s.incomplete()) + ")");
            } else if (strategy == Explorer.Strategy.EXHAUSTIVE || s.swarm() != null) {
                o.println("all " + String.format("%,d", p.states()) + " states checked, no violation"
                        + (s.swarm() != null ? " (a search of the swarm finished)" : ""));
                if (s.outcomes() != null) {
                    o.println();
                    o.print(OutcomeText.text(s.outcomes().set()));
                    witnesses.forEach((text, f) -> o.println("schedule   " + f + "  (" + text + " fails)"));
                    if (expectationFailed(s)) {
                        o.println();
                        o.println("verdict: FAIL (" + failedExpectations(s) + ")");
                    }
                }
            } else {
                o.println("no violation in " + String.format("%,d", p.schedules()) + " schedules");
            }
            return;
        }
        RunResult r = s.found().run();
        Violation v = r.violations().get(0);
        o.println("invariants:");
        PlainReport.violation(o, v);
        o.println();
        o.println("found by   " + s.found().strategy() + ", schedule " + s.found().index() + " (" + r.steps()
                + " deliveries)");
        o.println("schedule   " + schedule);
        o.println("journal    " + schedule.resolveSibling(schedule.getFileName().toString()
                .replaceFirst("\\.schedule$", ".jsonl")));
        o.println("diagram    " + schedule.resolveSibling(schedule.getFileName().toString()
                .replaceFirst("\\.schedule$", ".html")));
        o.println("replay     ./bpflife replay --schedule " + schedule);
        o.println("shrink     ./bpflife shrink --schedule " + schedule);
        o.println();
        o.println("verdict: FAIL (" + v.invariant().title() + " on " + v.object().key() + " at step " + v.step() + ")");
    }

    /** An option the strategy would ignore is refused, not dropped silently. */
    private void refuseIgnored() {
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        boolean exhaustive = strategy == Explorer.Strategy.EXHAUSTIVE;
        if (strategy == Explorer.Strategy.SWARM) {
            for (String o : java.util.List.of("--max-steps", "--exact", "--no-symmetry")) {
                if (given.hasMatchedOption(o)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), o + " does not go with "
                            + "--strategy swarm (compact searches with symmetry, bounded by --max-states each)");
                }
            }
            return;
        }
        for (String o : exhaustive ? java.util.List.of("--schedules", "--seed", "--max-steps")
                : java.util.List.of("--states", "--exact", "--no-symmetry", "--workers")) {
            if (given.hasMatchedOption(o)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), exhaustive
                        ? o + " goes with the sampling strategies (random, pct, portfolio); the exhaustive search "
                                + "is bounded by --max-states and --time"
                        : (o.equals("--states") && typed("--max-states") ? "--max-states" : o)
                                + " goes with --strategy exhaustive");
            }
        }
        if (exact && (given.hasMatchedOption("--workers") || noSymmetry)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (noSymmetry ? "--no-symmetry" : "--workers")
                    + " goes with the compact search; --exact runs one worker without symmetry");
        }
    }

    /** Whether the command line spells option {@code name} so (one option has two names). */
    private boolean typed(String name) {
        return spec.commandLine().getParseResult().originalArgs().stream()
                .anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
    }

    /** Which option raises the bound that was reached. */
    private static String raise(String incomplete) {
        return incomplete.contains("searches of at most") ? "--schedules and --max-states raise it"
                : incomplete.startsWith("step") ? "--max-steps raises it" : incomplete.contains("state bound")
                ? "--max-states raises it" : incomplete.contains("heap bound") ? "a larger heap (BPFLIFE_JAVA_OPTS=-Xmx...) "
                + "raises it" : "--time raises it";
    }

    private static String failedExpectations(Explorer.Summary s) {
        java.util.List<String> failed = s.outcomes().set().expectations().stream().filter(Outcomes.Verdict::violated)
                .map(Outcomes.Verdict::text).toList();
        return (failed.size() == 1 ? "expectation fails on some schedule: " : failed.size()
                + " expectations fail on some schedule, first: ") + failed.get(0);
    }

    private void json(PrintWriter o, Explorer.Summary s, Path schedule, java.util.Map<String, Path> witnesses)
            throws IOException {
        ObjectNode n = JournalJson.mapper().createObjectNode();
        Explorer.Progress p = s.progress();
        n.put("version", 1);
        n.put("scenario", file.toString());
        n.put("semantics", semantics.name());
        n.put("strategy", strategy.name().toLowerCase(java.util.Locale.ROOT));
        n.put("seed", seed);
        n.put("schedules", p.schedules());
        n.put("steps", p.steps());
        n.put("states", p.states());
        n.put("transitions", p.transitions());
        n.put("millis", p.elapsedMillis());
        n.put("complete", s.complete());
        n.put("coverage", s.covered());
        n.put("coverage_defined", s.defined());
        if (s.exhaustive() != null) {
            ExploreSummary.json(n, s.exhaustive());
        }
        if (s.swarm() != null) {
            n.put("searches", s.swarm().searches());
            n.put("estimated_states", Double.isNaN(s.swarm().estimate()) ? null : Math.round(s.swarm().estimate()));
            n.put("estimated_coverage", Double.isNaN(s.swarm().estimate()) ? null : s.swarm().coverage());
        }
        if (s.found() != null) {
            Violation v = s.found().run().violations().get(0);
            ObjectNode vn = n.putObject("violation");
            vn.put("invariant", v.invariant().title());
            vn.put("object", v.object().key());
            vn.put("step", v.step());
            vn.put("detail", v.detail());
            vn.put("found_by", s.found().strategy());
            vn.put("schedule", schedule.toString());
        }
        if (s.outcomes() != null) {
            n.set("outcomes", OutcomeText.json(s.outcomes().set()));
            com.fasterxml.jackson.databind.node.ArrayNode ws = n.putArray("expectation_schedules");
            witnesses.forEach((text, f) -> ws.addObject().put("expectation", text).put("schedule", f.toString()));
        }
        if (s.found() != null) {
            Violation v = s.found().run().violations().get(0);
            n.put("verdict", "fail");
            n.put("reason", v.invariant().title() + " on " + v.object().key() + " at step " + v.step());
        } else if (expectationFailed(s)) {
            n.put("verdict", "fail");
            n.put("reason", failedExpectations(s));
        } else if (s.incomplete() != null) {
            n.put("verdict", "incomplete");
            n.put("reason", s.incomplete());
        } else {
            n.put("verdict", "pass");
        }
        o.println(JournalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
    }
}
