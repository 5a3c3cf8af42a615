package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.Choice;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tries interleavings of a scenario until one breaks an invariant or the budget is spent:
 * seeded random schedules, PCT, a portfolio of both (as Coyote does), or the exhaustive search.
 */
public final class Explorer {

    public enum Strategy { RANDOM, PCT, PORTFOLIO, EXHAUSTIVE, SWARM }

    /**
     * @param schedules at most this many schedules (sampling strategies)
     * @param maxSteps  a run longer than this is cut there: that schedule is incomplete, not a violation
     * @param millis    stop after this much time (0: no limit; sampling strategies)
     * @param states    exhaustive: stop after this many distinct states
     * @param threads   sampling strategies run schedules on this many threads; the compact exhaustive
     *                  search runs this many workers
     * @param exact     exhaustive: the exact visited set with sleep sets, one worker, no symmetry (the
     *                  state counts of the tests); else 64-bit fingerprints ({@link ExhaustiveSearch})
     * @param symmetry  compact exhaustive: merge worlds that differ by a permutation of a template's tasks
     */
    public record Options(Strategy strategy, long schedules, long maxSteps, long millis, long seed, long states,
                          int threads, boolean exact, boolean symmetry) {
        /** Exhaustive search in exact mode. */
        public Options(Strategy strategy, long schedules, long maxSteps, long millis, long seed, long states,
                       int threads) {
            this(strategy, schedules, maxSteps, millis, seed, states, threads, true, false);
        }

        /** Exhaustive search in exact mode; sampling on every core. */
        public Options(Strategy strategy, long schedules, long maxSteps, long millis, long seed, long states) {
            this(strategy, schedules, maxSteps, millis, seed, states, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Running figures, for a progress line and the summary.
     *
     * @param frontier  exhaustive: deliveries known and not yet explored
     * @param heapBytes the JVM's heap in use
     * @param pruned    exhaustive: worlds merged by symmetry plus deliveries left out by partial-order reduction
     * @param bound     exhaustive: the state bound (--max-states), 0 for sampling
     */
    public record Progress(long schedules, long steps, long states, long transitions, long elapsedMillis,
                           boolean violation, long frontier, long heapBytes, long pruned, long bound) {
        public Progress(long schedules, long steps, long states, long transitions, long elapsedMillis,
                        boolean violation) {
            this(schedules, steps, states, transitions, elapsedMillis, violation, 0, HeapGuard.used(), 0, 0);
        }
    }

    /**
     * What exploration found: the figures, and the first violating run (replayed with its journal)
     * with its schedule and the strategy that produced it; null found when none. {@code incomplete}
     * says which bound stopped the search before it had an answer ("step bound N reached": a
     * schedule was cut at --max-steps; "time bound reached", "state bound N reached"), null when
     * it has one (a violation, or every asked-for schedule or state checked).
     */
    public record Summary(Progress progress, boolean complete, Found found, int covered, int defined,
                          String incomplete, Exhaustive exhaustive, Swarm.Result swarm, Outcomes.Explored outcomes) {}

    /**
     * The exhaustive search's own figures for the summary.
     *
     * @param stats      what the search did
     * @param exact      whether the visited set was exact (else fingerprints: see {@link #omission})
     * @param workers    threads that searched
     * @param symmetric  the symmetric tasks, by group (empty: no symmetry used)
     * @param peakBytes  the peak heap use the JVM saw
     */
    public record Exhaustive(ExhaustiveSearch.Stats stats, boolean exact, int workers, List<List<String>> symmetric,
                             long peakBytes) {
        /** The probability that a state was missed because of a fingerprint collision (TLC's optimistic bound). */
        public double omission() {
            return stats.omission(exact);
        }
    }

    public record Found(List<Choice> schedule, RunResult run, String strategy, long index) {}

    private final Env env;
    private final Options options;
    private final Consumer<Progress> listener;
    private final CoverageTracker coverage = new CoverageTracker();

    public Explorer(Env env, Options options, Consumer<Progress> listener) {
        this.env = env;
        this.options = options;
        this.listener = listener;
    }

    public Summary run() {
        return switch (options.strategy()) {
            case EXHAUSTIVE -> exhaustive();
            case SWARM -> swarm();
            case RANDOM, PCT, PORTFOLIO -> sample();
        };
    }

    /**
     * Schedules 1, 2, 3 ... each with its own seed derived from the run's seed and its number, on
     * every core. The first violation reported is the one of the lowest-numbered schedule, so the
     * answer does not depend on thread timing (unless a time limit cuts the search short).
     */
    private Summary sample() {
        long start = System.nanoTime();
        long k = firstEnabledLength();
        int threads = Math.max(1, Math.min(options.threads(), (int) Math.min(Integer.MAX_VALUE, options.schedules())));
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong limit = new java.util.concurrent.atomic.AtomicLong(options.schedules());
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong bounded = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ConcurrentSkipListMap<Long, List<Choice>> found = new java.util.concurrent.ConcurrentSkipListMap<>();
        Runnable worker = () -> {
            Sampler sampler = new Sampler(env, coverage, options.maxSteps());
            long i;
            while ((i = next.getAndIncrement()) < limit.get() && !timeUp(start)) {
                RecordingScheduler rec = new RecordingScheduler(strategyFor(i, seedOf(i), k));
                Sampler.Outcome r = sampler.run(rec);
                steps.addAndGet(r.steps());
                if (r.bounded()) {
                    bounded.incrementAndGet();
                }
                long n = done.incrementAndGet();
                if (!r.clean()) {
                    found.put(i, rec.choices());
                    limit.accumulateAndGet(i + 1, Math::min); // later schedules are no longer needed
                }
                if ((n & 1023) == 0) {
                    report(new Progress(n, steps.get(), 0, steps.get(), millis(start), !found.isEmpty()));
                }
            }
        };
        Workers.run(threads, "explore", worker);
        Progress p = new Progress(done.get(), steps.get(), 0, steps.get(), millis(start), !found.isEmpty());
        report(p);
        if (found.isEmpty()) {
            String incomplete = bounded.get() > 0 ? "step bound " + options.maxSteps() + " reached ("
                    + bounded.get() + " of " + done.get() + " schedules cut there)"
                    : done.get() < options.schedules() ? "time bound reached after " + done.get() + " of "
                    + options.schedules() + " schedules" : null;
            return summary(p, false, null, incomplete);
        }
        long index = found.firstKey();
        List<Choice> schedule = found.get(index);
        return summary(p, false, new Found(schedule, replay(schedule), strategyFor(index, seedOf(index), k)
                .describe(), index + 1), null);
    }

    /** Schedule i's seed: a fixed mix of the run's seed and i (SplitMix64's finalizer). */
    private long seedOf(long i) {
        long z = options.seed() + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Scheduler strategyFor(long i, long seed, long k) {
        return switch (options.strategy()) {
            case RANDOM -> new RandomStrategy(seed);
            case PCT -> new PctStrategy(seed, 1 + (int) (i % 3), k);
            // the portfolio alternates: random, then PCT at depths 1, 2, 3
            case PORTFOLIO -> i % 2 == 0 ? new RandomStrategy(seed) : new PctStrategy(seed, 1 + (int) ((i / 2) % 3), k);
            case EXHAUSTIVE, SWARM -> throw new IllegalStateException("not a sampling strategy");
        };
    }

    /**
     * The search keeps the terminal states ({@code keepFinal}): the outcome set is derived from them
     * and every expectation judged on each. It then goes on past invariant violations, so when one
     * was met the search runs again, stopping at the first, for its schedule.
     */
    private Summary exhaustive() {
        long start = System.nanoTime();
        int workers = options.exact() ? 1 : Math.max(1, options.threads());
        ExhaustiveSearch.Outcome out = search(workers, true, start);
        if (!out.violations().isEmpty()) {
            out = search(workers, false, start);
        }
        ExhaustiveSearch.Stats st = out.stats();
        Progress p = progress(st, start, out.violating() != null);
        report(p);
        Exhaustive ex = new Exhaustive(st, options.exact(), workers, lastSymmetric, HeapGuard.peak());
        if (out.violating() == null) {
            Outcomes.OutcomeSet set = Outcomes.of(env.scenario(), out);
            Outcomes.Explored outcomes = new Outcomes.Explored(set, set.complete()
                    ? Outcomes.witnesses(env, set, options.states()) : java.util.Map.of());
            return summary(p, st.complete(), null, st.complete() ? null : incomplete(st), ex, outcomes);
        }
        return summary(p, false, new Found(out.violating(), replay(out.violating()), "exhaustive", st.ends()), null,
                ex);
    }

    private List<List<String>> lastSymmetric = List.of();

    private ExhaustiveSearch.Outcome search(int workers, boolean keepFinal, long start) {
        ExhaustiveSearch.Options o = new ExhaustiveSearch.Options(true, options.exact(),
                !options.exact() && options.symmetry(), workers, options.states(), options.millis(), keepFinal);
        ExhaustiveSearch search = new ExhaustiveSearch(env, coverage, o, st -> report(progress(st, start, false)));
        ExhaustiveSearch.Outcome out = search.run();
        lastSymmetric = search.symmetricTasks();
        return out;
    }

    private Progress progress(ExhaustiveSearch.Stats st, long start, boolean violation) {
        return new Progress(st.ends(), st.transitions(), st.states(), st.transitions(), millis(start), violation,
                st.frontier(), HeapGuard.used(), st.symmetryMerges() + st.porPruned() + st.sleepPruned(),
                options.states());
    }

    /** "N states checked, state bound L reached, F deliveries left unexplored" and the like. */
    private String incomplete(ExhaustiveSearch.Stats st) {
        String what = switch (st.limit()) {
            case "state" -> "state bound " + options.states();
            case "time" -> "time bound " + String.format("%.3f s", options.millis() / 1000.0).replaceFirst("\\.?0+ s$", " s");
            case "heap" -> "heap bound " + String.format("%,d MB", Runtime.getRuntime().maxMemory() >> 20);
            default -> st.limit() + " bound";
        };
        return String.format("%,d states checked, %s reached, %,d deliveries left unexplored", st.states(), what,
                st.frontier());
    }

    private Summary summary(Progress p, boolean complete, Found found, String incomplete) {
        return summary(p, complete, found, incomplete, null);
    }

    private Summary summary(Progress p, boolean complete, Found found, String incomplete, Exhaustive ex) {
        return summary(p, complete, found, incomplete, ex, null);
    }

    private Summary summary(Progress p, boolean complete, Found found, String incomplete, Exhaustive ex,
                            Outcomes.Explored outcomes) {
        java.util.TreeSet<String> defined = bpflife.model.Coverage.defined();
        java.util.TreeSet<String> reached = coverage.reached();
        reached.retainAll(defined);
        return new Summary(p, complete, found, reached.size(), defined.size(), incomplete, ex, null, outcomes);
    }

    /**
     * Swarm: --schedules diversified bounded compact searches of up to --max-states states each,
     * on --workers threads (see {@link Swarm}).
     */
    private Summary swarm() {
        long start = System.nanoTime();
        int workers = Math.max(1, options.threads());
        Swarm.Result r = new Swarm(env, coverage, options.schedules(), options.states(), workers, options.seed(),
                options.millis()).run();
        Progress p = new Progress(r.searches(), r.transitions(), r.seen(), r.transitions(), millis(start),
                r.violating() != null);
        report(p);
        java.util.TreeSet<String> defined = bpflife.model.Coverage.defined();
        java.util.TreeSet<String> reached = coverage.reached();
        reached.retainAll(defined);
        if (r.violating() != null) {
            return new Summary(p, false, new Found(r.violating(), replay(r.violating()), "swarm, search "
                    + r.violatingSearch(), r.violatingSearch()), reached.size(), defined.size(), null, null, r, null);
        }
        String incomplete = r.complete() ? null : String.format("%,d states seen by %,d searches of at most %,d "
                + "states each; no search finished", r.seen(), r.searches(), options.states());
        return new Summary(p, r.complete(), null, reached.size(), defined.size(), incomplete, null, r, null);
    }

    /** The violating run again, with its journal kept. */
    public RunResult replay(List<Choice> choices) {
        return new DeterministicRuntime(env, new ReplayStrategy(choices), Stepper.KERNEL,
                new DeterministicRuntime.Options(options.maxSteps(), true, null)).run();
    }

    private long firstEnabledLength() {
        return Math.max(1, new DeterministicRuntime(env, new FirstEnabledStrategy(), Stepper.KERNEL,
                new DeterministicRuntime.Options(options.maxSteps(), false, null)).run().steps());
    }

    private boolean timeUp(long start) {
        return options.millis() > 0 && millis(start) >= options.millis();
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void report(Progress p) {
        if (listener != null) {
            listener.accept(p);
        }
    }
}
