package bpflife.cli;

import bpflife.actors.LiveWorld;
import bpflife.loadtest.Arrivals;
import bpflife.loadtest.FindMax;
import bpflife.loadtest.FindMaxReport;
import bpflife.loadtest.LoadRun;
import bpflife.loadtest.LoadSettings;
import bpflife.loadtest.report.JsonReport;
import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.ReportFiles;
import bpflife.loadtest.report.TextReport;
import bpflife.model.Semantics;
import bpflife.persistence.Store;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife load}: many concurrent dump sessions on the live actor system with the durable
 * journal, while the pins are removed and pinned again and the links updated under them; latency
 * percentiles, throughput, and the balance check at the end (exit 1 if it fails).
 */
@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, abbreviateSynopsis = true,
        description = {
            "Load test: thousands of dump sessions on the live actor system, journaled.",
            "%nA seeded workload (the same seed gives the same tasks): setup pins P task iterators; "
                    + "readers open a pin (or ITER_CREATE from its link), read the dump in chunks until EOF, "
                    + "sometimes dup or fork, and close; C readers run at once until N sessions have run. "
                    + "Meanwhile an updater swaps one link's prog every --update-every ms, an unlinker removes "
                    + "one pin and pins its link again every --rm-every ms, and `link show` pollers walk the "
                    + "ids as bpftool does. Every call is timed from the step that entered it to the step that "
                    + "returned it (a call past --call-timeout is counted as timed out, never dropped).",
            "%nAt the end, once the world is quiet, the balance check: every task exited, refcounts equal "
                    + "holders, nothing leaked, no freed object listed, every dump read to EOF complete with one "
                    + "END from one prog, opens = closes + alive, the journal holds every event reported, and "
                    + "the journal's first steps replay identically through the deterministic runtime.",
            "%nDefaults come from bpflife-load.conf (environment: BPFLIFE_LOAD_SESSIONS, "
                    + "BPFLIFE_LOAD_CONCURRENCY, ...); the journal's database from --store or BPFLIFE_STORE, BPFLIFE_DATA_DIR, "
                    + "BPFLIFE_PG_URL/_USER/_PASSWORD. Heap: BPFLIFE_JAVA_OPTS=-Xmx2g.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the balance check passed",
            "1:the balance check failed (the failed checks are named)",
            "2:bad input or environment: options, journal configuration, a world name taken, a journal that "
                    + "cannot be opened or written; with --cluster, this driver left the cluster mid-run",
            "3:internal error (a bug in bpflife)",
            "4:--find-max: no rate tried was sustained",
            "130:interrupted (Ctrl-C): what was acknowledged is kept, the world is marked interrupted"
        })
final class LoadCommand implements Callable<Integer> {
    /**
     * The most sessions a load runs: the generated scenario writes same-bodied readers as one task
     * template, and a template holds at most 10,000 tasks (docs/SCENARIO-LANGUAGE.md).
     */
    static final int MAX_SESSIONS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", paramLabel = "N", converter = SessionsConverter.class,
            description = "Dump sessions to run in all, one reader each (1 to 10000; default: 1000).")
    Integer sessions;

    @Option(names = "--concurrency", paramLabel = "C", converter = Numbers.Int.class,
            description = "Readers at once; each one that exits is replaced until N have run "
                    + "(default: N, at most 1000). With --rate or --ramp: the most sessions running at once "
                    + "(default: every session due, at most 10000).")
    Integer concurrency;

    @Option(names = "--pins", paramLabel = "P", converter = Numbers.Int.class,
            description = "Pinned iterators the readers share (default: 4).")
    Integer pins;

    @Option(names = "--rate", paramLabel = "R/s", converter = RateConverter.class,
            description = "Open model: start R sessions per second for --duration S seconds, whatever the "
                    + "system's speed (at most C running at once; one due beyond that waits and starts late). "
                    + "Latencies run from when each call was meant to start. Not with --sessions.")
    Double rate;

    @Option(names = "--ramp", paramLabel = "R1..R2", converter = RampConverter.class,
            description = "Open model: the arrival rate goes linearly from R1 to R2 sessions per second over "
                    + "--duration (e.g. 100..1000). Not with --rate or --sessions.")
    Ramp ramp;

    /** {@code --ramp R1..R2}. */
    record Ramp(double from, double to) {}

    @Option(names = "--find-max",
            description = "Find the highest sustainable arrival rate: open-model runs at rising rates (from --rate, "
                    + "default 50/s; each --duration S seconds, default 10; a first run at that rate warms the JVM "
                    + "and is not judged), doubling, then bisecting; a rate is "
                    + "sustained when p99 open to END (from when each session was due) is within --bound, every "
                    + "session started, and the balance check passed. Prints the rate and the "
                    + "latency curve. Exit 0 found, 1 a balance check failed, 4 no rate sustained.")
    boolean findMax;

    @Option(names = "--warmup", paramLabel = "S", converter = Numbers.Count.class,
            description = "With --rate or --ramp: first run the same arrivals (a ramp's first rate) for S seconds into "
                    + "the world NAME-warmup, to warm the JVM's compiler and the journal; that run's latencies are not "
                    + "reported, its balance check is (default: 0, no warm-up run).")
    Long warmup;

    @Option(names = "--bound", paramLabel = "MS", converter = Numbers.Count.class,
            description = "With --find-max: the bound on p99 open to END, in ms (default: 100).")
    Long bound;

    @Option(names = "--stages", paramLabel = "N", converter = Numbers.Int.class,
            description = "With --find-max: the most runs (default: 10).")
    Integer stages;

    @Option(names = "--duration", paramLabel = "S", converter = Numbers.Count.class,
            description = "Stop starting work after S seconds (default: when N sessions have run); with --rate or "
                    + "--ramp, how long sessions arrive.")
    Long duration;

    @Option(names = "--ops", paramLabel = "N", converter = Numbers.Count.class,
            description = "Stop starting work after N calls have completed (default: no limit).")
    Long ops;

    @Option(names = "--read-size", paramLabel = "B", converter = Numbers.Int.class,
            description = "Bytes per read(2) (default: 256).")
    Integer readSize;

    @Option(names = "--update-every", paramLabel = "MS", converter = Numbers.NonNegative.class,
            description = "Start an updater (a new prog swapped into one link) every MS ms; 0: never (default: 100).")
    Long updateEvery;

    @Option(names = "--rm-every", paramLabel = "MS", converter = Numbers.NonNegative.class,
            description = "Start an unlinker (rm one pin, pin its link again under a new name, renamed back) "
                    + "every MS ms; 0: never (default: 500).")
    Long rmEvery;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--world", paramLabel = "NAME",
            description = "The world's name in the journal (default: load-DATE-TIME).")
    String world;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write report.txt, report.json and report.html (charts, opens offline) into DIR.")
    Path report;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(names = "--seed", paramLabel = "N", converter = Numbers.Seed.class,
            description = "The workload's seed (default: 1).")
    Long seed;

    @Option(names = "--semantics", paramLabel = "NAME", defaultValue = "linux", converter = SemanticsConverter.class,
            description = "The kernel's rules: linux, or a bug-* variant ('bpflife semantics' lists them; "
                    + "default: ${DEFAULT-VALUE}).")
    Semantics semantics;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Drive the load through a cluster of 'bpflife node's (a node's address): the objects run "
                    + "on the nodes, the journal is PostgreSQL (docs/CLUSTER.md).")
    String cluster;

    @Option(names = "--nodes", paramLabel = "N", description = "With --cluster: wait until N nodes are up (default: 1).")
    int nodes = 1;

    @Option(names = "--call-timeout", paramLabel = "MS", converter = Numbers.Count.class,
            description = "A call in the kernel longer than MS ms is counted as timed out (default: 10000).")
    Long callTimeout;

    @Override
    public Integer call() {
        if (findMax) {
            return findMax();
        }
        if (bound != null || stages != null) {
            throw new ParameterException(spec.commandLine(), (bound != null ? "--bound" : "--stages")
                    + " belongs to --find-max");
        }
        LoadSettings s = settings();
        if (warmup != null && warmup > 0 && !s.openModel()) {
            throw new ParameterException(spec.commandLine(), "--warmup belongs to the open model (--rate or --ramp)");
        }
        Interrupts.install();
        Config overrides = ClusterOption.overrides(cluster, store.store);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return store.with(overrides, st -> {
            ClusterOption.join(cluster, st, nodes, err);
            LoadSummary r;
            LoadProgress progress = new LoadProgress(System.err, report != null);
            try {
                String warmedBy = null;
                if (warmup != null && warmup > 0) {
                    Arrivals a = Arrivals.constant(s.arrivals().from(), Duration.ofSeconds(warmup));
                    LoadSummary w = openRun(st, s, a, "-warmup", "warm-up", err);
                    if (!w.balanced()) {
                        err.print(TextReport.render(w));
                        err.println("Error: the warm-up run's balance check failed (world " + w.world() + ")");
                        return Errors.FAILED;
                    }
                    warmedBy = warmup + " s at " + a.describe() + " before the run (world " + w.world()
                            + "), not in these figures";
                }
                try (progress) {
                    r = LoadRun.run(st, s, progress);
                }
                if (warmedBy != null) {
                    r = r.withSetting("duration", "warm-up", warmedBy);
                }
            } catch (LoadRun.SetupFailed e) {
                err.println("Error: " + e.getMessage());
                return Errors.FAILED;
            }
            out.print(json ? JsonReport.render(r) : TextReport.render(r));
            out.flush();
            if (report != null) {
                try {
                    ReportFiles files = ReportFiles.write(r, progress.overTime(), report);
                    err.println("report: " + files.html() + " (also report.txt, report.json)");
                } catch (IOException e) {
                    throw new BadInputException("can't write the report into '" + report + "': " + e.getMessage(), e);
                }
            }
            out.flush();
            return r.balanced() ? Errors.OK : Errors.FAILED;
        });
    }

    private LoadSettings settings() {
        Config d;
        try {
            d = LoadSettings.defaults();
        } catch (ConfigException e) {
            throw new BadInputException("load configuration: " + e.getMessage(), e);
        }
        boolean open = rate != null || ramp != null;
        if (open) {
            return openSettings(d);
        }
        int n = positive("--sessions", sessions != null ? sessions : d.getInt("sessions"));
        if (n > MAX_SESSIONS) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--sessions': expected a whole "
                    + "number from 1 to " + MAX_SESSIONS + ", found " + n + " (too large)");
        }
        int c = concurrency != null ? positive("--concurrency", concurrency)
                : d.getInt("concurrency") > 0 ? d.getInt("concurrency") : Math.min(n, 1000);
        if (duration != null) {
            positive("--duration", duration);
        }
        return closedSettings(d, n, c, duration == null ? null : Duration.ofSeconds(duration));
    }

    /** The settings both models share, with {@code n} sessions, {@code c} at once. */
    private LoadSettings closedSettings(Config d, int n, int c, Duration dur) {
        String name = world != null ? world
                : "load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            LiveWorld.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (ops != null && ops < 1) {
            throw new ParameterException(spec.commandLine(), "--ops must be at least 1");
        }
        return new LoadSettings(n, c, positive("--pins", pins != null ? pins : d.getInt("pins")),
                dur, ops == null ? 0 : ops,
                positive("--read-size", readSize != null ? readSize : d.getInt("read-size")),
                every("--update-every", updateEvery, d.getDuration("update-every")),
                every("--rm-every", rmEvery, d.getDuration("rm-every")), d.getDuration("poll-every"),
                d.getInt("objects"), d.getInt("hold-sessions"), name, seed != null ? seed : d.getLong("seed"), semantics,
                callTimeout != null ? Duration.ofMillis(positive("--call-timeout", callTimeout))
                        : d.getDuration("call-timeout"),
                d.getDuration("quiesce-timeout"), d.getLong("replay-steps"));
    }

    /** {@code --find-max}: one open-model run per rate, as {@link FindMax} chooses them. */
    private Integer findMax() {
        if (ramp != null || sessions != null || report != null) {
            throw new ParameterException(spec.commandLine(), "--find-max chooses the rates itself: not with "
                    + (ramp != null ? "--ramp" : sessions != null ? "--sessions" : "--report"));
        }
        double first = rate != null ? rate : 50;
        long stageSeconds = duration != null ? duration : 10;
        long boundNanos = Duration.ofMillis(bound != null ? bound : 100).toNanos();
        int most = stages != null ? stages : 10;
        rate = first;
        duration = stageSeconds;
        LoadSettings base = settings();
        Interrupts.install();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return store.with(ConfigFactory.empty(), st -> {
            java.util.function.BiFunction<Double, String, LoadSummary> run = (perSecond, suffix) -> {
                Arrivals a = Arrivals.constant(perSecond, Duration.ofSeconds(stageSeconds));
                if (a.count() > Arrivals.MAX) {
                    throw new BadInputException("--find-max reached " + a.describe() + ", " + a.count()
                            + " sessions in " + stageSeconds + " s, more than one run takes (" + Arrivals.MAX
                            + "): use a shorter --duration");
                }
                return openRun(st, base, a, suffix, "find-max", err);
            };
            // a first run warms the JVM (its compiler) and the journal: judged, a cold start would fail the first rate
            err.println("find-max: a warm-up run first, not judged");
            run.apply(first, "-warmup");
            FindMax.Result r = FindMax.search(first, most, boundNanos, perSecond -> {
                LoadSummary one = run.apply(perSecond, "-r" + BigDecimal.valueOf(perSecond).stripTrailingZeros()
                        .toPlainString());
                FindMax.Point p = FindMax.judge(perSecond, one, boundNanos);
                err.println("find-max: " + Arrivals.constant(perSecond, Duration.ofSeconds(1)).describe()
                        + (p.sustained() ? " sustained" : " not sustained: " + p.why()));
                return p;
            });
            out.print(json ? FindMaxReport.json(r, stageSeconds) : FindMaxReport.text(r, stageSeconds));
            out.flush();
            return !r.balanced() ? Errors.FAILED : r.found() ? Errors.OK : Errors.INCOMPLETE;
        });
    }

    /**
     * One open-model run of {@code a}'s arrivals with {@code base}'s other settings, into the world
     * {@code base}'s name + {@code suffix}, its progress on the terminal: find-max's stages and a warm-up run.
     */
    private LoadSummary openRun(Store st, LoadSettings base, Arrivals a, String suffix, String what, PrintWriter err) {
        LoadSettings s = base.named(base.world() + suffix).open(a, concurrency != null ? concurrency
                : (int) Math.min(a.count(), MAX_SESSIONS), base.lateAfter());
        err.println(what + ": " + a.describe() + " for " + a.window().toSeconds() + " s (world " + s.world() + ")");
        try (LoadProgress progress = new LoadProgress(System.err)) {
            return LoadRun.run(st, s, progress);
        }
    }

    /** The open model: --rate or --ramp over --duration; the rest as in the closed model. */
    private LoadSettings openSettings(Config d) {
        if (rate != null && ramp != null) {
            throw new ParameterException(spec.commandLine(), "--rate and --ramp are alternatives: give one");
        }
        if (sessions != null) {
            throw new ParameterException(spec.commandLine(), "--sessions is the closed model; with --rate or --ramp "
                    + "the sessions are the arrivals over --duration");
        }
        if (duration == null) {
            throw new ParameterException(spec.commandLine(), (rate != null ? "--rate" : "--ramp")
                    + " needs --duration S: how long sessions arrive");
        }
        Arrivals a;
        try {
            a = rate != null ? Arrivals.constant(rate, Duration.ofSeconds(duration))
                    : new Arrivals(ramp.from(), ramp.to(), Duration.ofSeconds(duration));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (a.count() > Arrivals.MAX) {
            throw new ParameterException(spec.commandLine(), "the arrivals come to " + a.count()
                    + " sessions over " + duration + " s, more than one run takes (" + Arrivals.MAX
                    + "): lower the rate or the duration");
        }
        int cap = concurrency != null ? positive("--concurrency", concurrency)
                : (int) Math.min(a.count(), LoadCommand.MAX_SESSIONS);
        LoadSettings closed = closedSettings(d, 1, 1, Duration.ofSeconds(duration));
        // held sessions are the closed model's; the open model starts every session when due
        return closed.open(a, cap, d.getDuration("late-after"));
    }

    private Duration every(String option, Long ms, Duration fallback) {
        if (ms == null) {
            return fallback;
        }
        if (ms < 0) {
            throw new ParameterException(spec.commandLine(), option + " must be 0 (never) or more");
        }
        return Duration.ofMillis(ms);
    }

    private <N extends Number> N positive(String option, N value) {
        if (value.longValue() < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
        }
        return value;
    }

    /** {@code --sessions}: 1 to {@link #MAX_SESSIONS}. */
    static final class SessionsConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) Numbers.whole(value, 1, MAX_SESSIONS);
        }
    }

    /** {@code --rate}: sessions per second, {@code 500/s} or {@code 500} (a positive number, 1,000,000 at most). */
    static final class RateConverter implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return rate(value);
        }

        static double rate(String value) {
            String v = value.strip();
            if (v.endsWith("/s")) {
                v = v.substring(0, v.length() - 2).strip();
            }
            double r;
            try {
                r = new java.math.BigDecimal(v.replace("_", "")).doubleValue();
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected sessions per second such as 500/s, found '" + value + "'");
            }
            if (!(r > 0) || r > 1_000_000) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected sessions per second above 0 and at most 1000000, found '" + value + "'");
            }
            return r;
        }
    }

    /** {@code --ramp}: {@code R1..R2}, each a rate as {@code --rate} takes it. */
    static final class RampConverter implements picocli.CommandLine.ITypeConverter<Ramp> {
        @Override
        public Ramp convert(String value) {
            int dots = value.indexOf("..");
            if (dots < 0) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected a ramp of sessions per second such as 100..1000, found '" + value + "'");
            }
            return new Ramp(RateConverter.rate(value.substring(0, dots)), RateConverter.rate(value.substring(dots + 2)));
        }
    }
}
