package bpflife.cli.history;

import bpflife.actors.LiveRun;
import bpflife.actors.WorldCreated;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.persistence.JournalException;
import bpflife.persistence.JournalReader;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Store;
import bpflife.persistence.UnknownWorldException;
import bpflife.persistence.WorldStream;
import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command's history comes from (a picocli mixin: {@code @Mixin HistoryOptions history}):
 * exactly one of
 * <ul>
 *   <li>{@code --world NAME}: a stored world of the durable journal ({@code --store},
 *       {@code --data-dir} say which journal);</li>
 *   <li>{@code --schedule FILE}: a schedule file from explore or shrink (it names its scenario and
 *       semantics), replayed delivery by delivery;</li>
 *   <li>{@code --journal FILE.jsonl --scenario FILE.scn}: a journal file of {@code run --journal};</li>
 *   <li>{@code --scenario FILE.scn [--seed N] [--semantics NAME]}: the run {@code bpflife run FILE
 *       --seed N} makes (seed 1, linux by default);</li>
 * </ul>
 * and {@code --at STEP}, the step a view is right after (0: before the first; default: the end).
 * {@link #open} gives the {@link History}.
 *
 * <p>Assumptions and guarantees: a wrong combination, an unknown world, an unreadable or corrupt
 * file, a schedule that no longer applies are each a {@link UserError} (exit 2) with one sentence;
 * the same options always give the same records (the deterministic runs are seeded).
 */
public final class HistoryOptions {

    /** The one source. */
    static final class Source {
        @Option(names = "--world", paramLabel = "NAME", required = true,
                description = "A stored world of the durable journal (from 'run --live').")
        String world;

        @Option(names = "--schedule", paramLabel = "FILE", required = true,
                description = "A schedule file from 'explore' or 'shrink' (it names its scenario and semantics).")
        Path schedule;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Recorded recorded;
    }

    /** A scenario, run with a seed or read from a journal file it was recorded from. */
    static final class Recorded {
        @Option(names = "--scenario", paramLabel = "FILE.scn", required = true,
                description = "The scenario: run with --seed, or the one --journal was recorded from.")
        Path scenario;

        @Option(names = "--seed", paramLabel = "N",
                description = "With --scenario: the run 'bpflife run FILE.scn --seed N' makes (default: 1).")
        Long seed;

        @Option(names = "--journal", paramLabel = "FILE.jsonl",
                description = "With --scenario: a journal file written by 'run --journal'.")
        Path journal;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "History (one of):%n")
    Source source;

    @Option(names = "--semantics", paramLabel = "NAME",
            description = "With --scenario: the rules the run is made (or, with --journal, was recorded) under "
                    + "(default: linux); 'replay' also takes it with --world and --schedule: the rules to replay "
                    + "under instead of the recorded ones ('bpflife semantics' lists them).")
    String semantics;

    @Option(names = "--at", paramLabel = "STEP",
            description = "Right after this global step (0: before the first; default: the end).")
    Long at;

    @Option(names = "--store", paramLabel = "h2|postgres",
            description = "With --world: the journal's database (default: bpflife.store or BPFLIFE_STORE, else h2).")
    String store;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "With --world: where the H2 journal lives (default: bpflife-data, or BPFLIFE_DATA_DIR).")
    Path dataDir;

    /** The step steps are viewed at: {@code --at}, or {@link History#END}. */
    public long at() {
        if (at != null && at < 0) {
            throw new UserError("--at must be 0 or more, not " + at);
        }
        return at == null ? History.END : at;
    }

    /** Whether {@code --at} was given (a command that reads the whole record refuses it). */
    public boolean atGiven() {
        return at != null;
    }

    /** The schedule file of {@code --schedule}, or null. */
    public Path schedule() {
        return source.schedule;
    }

    /** The rules {@code --semantics} names, or null when it was not given. */
    public Semantics semantics() {
        return semantics == null ? null : byName(semantics);
    }

    /** Opens the history, showing nothing while it loads. */
    public History open() {
        return open(Phase.NONE);
    }

    /**
     * Opens the history; {@code phase} shows the phases that can take seconds (opening the journal, a
     * run). {@code --semantics} goes with {@code --scenario} only: a world and a schedule keep theirs.
     */
    public History open(Phase phase) {
        if (semantics != null && (source.world != null || source.schedule != null)) {
            throw new UserError("--semantics goes with --scenario: " + (source.world != null ? "a world" : "a schedule")
                    + " keeps the rules it was made under");
        }
        return openRecorded(phase);
    }

    /**
     * Opens the history as recorded: a world or a schedule under its own rules whatever {@code
     * --semantics} says (replay takes that as the rules to replay under, {@link #semantics()}).
     */
    public History openRecorded(Phase phase) {
        long step = at();
        if (source.world == null && (store != null || dataDir != null)) {
            throw new UserError("--store and --data-dir go with --world");
        }
        if (source.world != null) {
            return world(source.world, step, phase);
        }
        if (source.schedule != null) {
            return schedule(source.schedule, step, phase);
        }
        Recorded r = source.recorded;
        if (r.journal != null) {
            if (r.seed != null) {
                throw new UserError("--journal is a recorded run: --seed goes with --scenario alone");
            }
            Scenario sc = Reading.scenario(r.scenario);
            Reading.checkFile(r.journal, "journal");
            // the file does not say its rules; the records alone make the views, so linux unless told
            return new History("journal " + r.journal, new History.Origin("journal", r.journal.toString(), null), sc,
                    semanticsOrLinux(), step, Sources.journal(r.journal), phase);
        }
        Semantics sem = semanticsOrLinux();
        long seed = r.seed == null ? 1 : r.seed;
        Scenario sc = Reading.scenario(r.scenario);
        Env env = new Env(sc, sem);
        RunResult run = phase.during("running " + r.scenario, () -> -1, () -> new DeterministicRuntime(env,
                new RandomStrategy(seed), Stepper.KERNEL, DeterministicRuntime.Options.DEFAULT).run());
        return new History("scenario " + r.scenario + " seed " + seed, new History.Origin("scenario",
                r.scenario + " seed " + seed, sem.name()), sc, sem, step, Sources.list(run.records()), phase);
    }

    /** Tests: K for this history, whatever the configuration says; null: the configuration's. */
    Long snapshotEvery;

    /**
     * Every how many steps a read of a stored world stores the view it folded past
     * ({@code bpflife.view-snapshot-every}, or BPFLIFE_VIEW_SNAPSHOT_EVERY; 0: none stored or read):
     * 5,000 by default, so {@code --at} folds at most that many steps whatever the world's size
     * (BENCHMARKS.md "Fast history").
     */
    private long snapshotEvery(JournalReader s) {
        if (snapshotEvery != null) {
            return snapshotEvery;
        }
        Config c = s.config();
        String env = System.getenv("BPFLIFE_VIEW_SNAPSHOT_EVERY");
        long every;
        try {
            every = c.hasPath(SNAPSHOT_EVERY) ? c.getLong(SNAPSHOT_EVERY) : env != null ? Long.parseLong(env.trim())
                    : DEFAULT_SNAPSHOT_EVERY;
        } catch (RuntimeException e) {
            throw new UserError(SNAPSHOT_EVERY + " (BPFLIFE_VIEW_SNAPSHOT_EVERY) is not a number of steps", e);
        }
        if (every < 0) {
            throw new UserError(SNAPSHOT_EVERY + " (BPFLIFE_VIEW_SNAPSHOT_EVERY) is " + every + ": give 0 (none) or more");
        }
        return every;
    }

    static final String SNAPSHOT_EVERY = "bpflife.view-snapshot-every";
    static final long DEFAULT_SNAPSHOT_EVERY = 5_000;

    /** {@code --semantics} with --scenario (and --journal): linux unless told. */
    private Semantics semanticsOrLinux() {
        return semantics == null ? Semantics.LINUX : byName(semantics);
    }

    private static Semantics byName(String name) {
        Semantics sem = Semantics.byName(name);
        if (sem == null) {
            throw new UserError("--semantics '" + name + "' is not a semantics ('bpflife semantics' lists them)");
        }
        return sem;
    }

    private static History schedule(Path file, long step, Phase phase) {
        Reading.LoadedSchedule in = Reading.schedule(file);
        RunResult run;
        try {
            run = phase.during("replaying " + file, () -> -1, () -> new DeterministicRuntime(
                    new Env(in.scenario(), in.semantics()), new ReplayStrategy(in.file().choices()), Stepper.KERNEL,
                    DeterministicRuntime.Options.DEFAULT).run());
        } catch (ReplayStrategy.Mismatch m) {
            throw new UserError(file + ": the schedule no longer applies: " + m.getMessage(), m);
        }
        return new History("schedule " + file, new History.Origin("schedule", file.toString(), in.semantics().name()),
                in.scenario(), in.semantics(), step, Sources.list(run.records()), phase);
    }

    private History world(String name, long step, Phase phase) {
        Config c = ConfigFactory.empty();
        if (store != null) {
            String db = store.toLowerCase(Locale.ROOT);
            if (!db.equals("h2") && !db.equals("postgres")) {
                throw new UserError("--store is '" + store + "': use h2 or postgres");
            }
            c = c.withValue("bpflife.store", ConfigValueFactory.fromAnyRef(db));
        }
        if (dataDir != null) {
            c = c.withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()));
        }
        Config settings = c;
        // a read writes no journal row: no actor system (JournalReader)
        JournalReader s = phase.during("opening the journal", () -> -1, () -> JournalReader.open(settings));
        try {
            WorldStream first = WorldStream.open(s, name);
            WorldCreated meta = first.meta();
            Env env = LiveWorlds.env(meta, null);
            return new History("world " + name, new History.Origin("world", name + " (" + s.settings().describe()
                    + ")", meta.semantics()), env.scenario(), env.semantics(), step, Sources.world(s, name, first, env.scenario(),
                    snapshotEvery(s), phase::warn), phase);
        } catch (UnknownWorldException | JournalException | LiveRun.WorldExists e) {
            s.close();
            throw new UserError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            s.close();
            if (e.getMessage() != null && e.getMessage().startsWith("bad world name")) {
                throw new UserError(e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }
}
