package bpflife.loadtest;

import bpflife.model.Semantics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * One load run's settings (the {@code load} command's options, defaulted).
 *
 * @param sessions     dump sessions to run in all, one reader task each
 * @param concurrency  readers running at once (a reader that exits is replaced by the next)
 * @param pins         pinned iterators the readers share
 * @param duration     stop starting work after this long (null: when every session has run)
 * @param ops          stop starting work after this many completed calls (0: no limit)
 * @param readSize     bytes per read(2)
 * @param updateEvery  start an updater (swap one link's prog) this often (zero: none)
 * @param rmEvery      start an unlinker (rm one pin, pin its link again) this often (zero: none)
 * @param pollEvery    start a {@code link show} poller this often (zero: none)
 * @param objects      objects each dump shows (task iterators: one line each, then END)
 * @param holders      of the sessions, how many (the first) are opened and then held open, idle,
 *                     until every one of them is open (or the work stops); then they are read out
 * @param world        the world's name in the journal
 * @param seed         the workload generator's seed
 * @param semantics    the kernel rules the objects follow
 * @param callTimeout  a call in the kernel longer than this is counted as timed out
 * @param quiesceTimeout how long the world may go without persisting a step before it is reported stuck
 * @param replaySteps  the sample of the journal replayed through the deterministic runtime (its first steps)
 * @param arrivals     the open model's arrival schedule (sessions start when due, at most {@code concurrency}
 *                     running; {@code sessions} is its count and {@code duration} its window), or null:
 *                     the closed model (a reader that exits is replaced by the next)
 * @param lateAfter    the open model: a session that starts later than this after it was due counts as late
 */
public record LoadSettings(int sessions, int concurrency, int pins, Duration duration, long ops, int readSize,
                           Duration updateEvery, Duration rmEvery, Duration pollEvery, int objects, int holders, String world,
                           long seed, Semantics semantics, Duration callTimeout, Duration quiesceTimeout,
                           long replaySteps, Arrivals arrivals, Duration lateAfter) {

    /** The closed model. */
    public LoadSettings(int sessions, int concurrency, int pins, Duration duration, long ops, int readSize,
                        Duration updateEvery, Duration rmEvery, Duration pollEvery, int objects, int holders,
                        String world, long seed, Semantics semantics, Duration callTimeout, Duration quiesceTimeout,
                        long replaySteps) {
        this(sessions, concurrency, pins, duration, ops, readSize, updateEvery, rmEvery, pollEvery, objects, holders,
                world, seed, semantics, callTimeout, quiesceTimeout, replaySteps, null, Duration.ZERO);
    }

    /** These settings under the open model: {@code a}'s sessions, at most {@code cap} running at once. */
    public LoadSettings open(Arrivals a, int cap, Duration late) {
        if (a.count() > Arrivals.MAX) {
            throw new IllegalArgumentException("the arrivals come to " + a.count() + " sessions, more than "
                    + Arrivals.MAX);
        }
        return new LoadSettings((int) a.count(), cap, pins, a.window(), ops, readSize, updateEvery, rmEvery, pollEvery,
                objects, 0, world, seed, semantics, callTimeout, quiesceTimeout, replaySteps, a, late);
    }

    /** These settings under another world name (find-max runs one world per rate). */
    public LoadSettings named(String name) {
        return new LoadSettings(sessions, concurrency, pins, duration, ops, readSize, updateEvery, rmEvery, pollEvery,
                objects, holders, name, seed, semantics, callTimeout, quiesceTimeout, replaySteps, arrivals, lateAfter);
    }

    public boolean openModel() {
        return arrivals != null;
    }

    public LoadSettings {
        if (sessions < 1 || concurrency < 1 || pins < 1 || readSize < 1 || objects < 1 || ops < 0 || replaySteps < 0
                || holders < 0) {
            throw new IllegalArgumentException("sessions, concurrency, pins, read size and objects must be at least 1");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        if (arrivals != null && holders > 0) {
            throw new IllegalArgumentException("held sessions belong to the closed model");
        }
        lateAfter = lateAfter == null ? Duration.ZERO : lateAfter;
    }

    /**
     * The defaults' configuration: {@code bpflife-load.conf} under the user's application.conf
     * ({@code -Dconfig.file} ...) under system properties, with the environment.
     */
    public static com.typesafe.config.Config defaults() {
        return com.typesafe.config.ConfigFactory.systemProperties()
                .withFallback(com.typesafe.config.ConfigFactory.defaultApplication())
                .withFallback(com.typesafe.config.ConfigFactory.parseResources(LoadSettings.class.getClassLoader(),
                        "bpflife-load.conf"))
                .resolve().getConfig("bpflife.load");
    }

    /** How many of each periodic task the workload holds: enough for the duration, else one per 10 sessions. */
    int pool(Duration every) {
        if (every.isZero()) {
            return 0;
        }
        if (duration != null) {
            return (int) Math.min(100_000, duration.toMillis() / Math.max(1, every.toMillis()) + 1);
        }
        return Math.max(10, sessions / 10);
    }

    Workload.Shape shape() {
        return new Workload.Shape(sessions, pins, objects, readSize, pool(updateEvery), pool(rmEvery),
                pool(pollEvery), holders, seed);
    }

    /** For the report, in the command's option order. */
    public SequencedMap<String, String> describe(String journal) {
        SequencedMap<String, String> m = new LinkedHashMap<>();
        if (arrivals != null) {
            m.put(arrivals.from() == arrivals.to() ? "rate" : "ramp", arrivals.describe());
        }
        m.put("sessions", Integer.toString(sessions));
        m.put("concurrency", Integer.toString(concurrency));
        m.put("pins", Integer.toString(pins));
        m.put("duration", duration == null ? "until every session has run" : duration.toSeconds() + " s");
        m.put("ops", ops == 0 ? "no limit" : Long.toString(ops));
        m.put("read-size", Integer.toString(readSize));
        m.put("update-every", updateEvery.toMillis() + " ms");
        m.put("rm-every", rmEvery.toMillis() + " ms");
        m.put("poll-every", pollEvery.toMillis() + " ms");
        m.put("objects", Integer.toString(objects));
        if (holders > 0) {
            m.put("held", Integer.toString(holders));
        }
        m.put("journal", journal);
        m.put("world", world);
        m.put("seed", Long.toString(seed));
        m.put("semantics", semantics.name());
        m.put("call-timeout", callTimeout.toMillis() + " ms");
        if (arrivals != null) {
            m.put("late-after", lateAfter.toMillis() + " ms");
        }
        m.put("replay-steps", Long.toString(replaySteps));
        return m;
    }
}
