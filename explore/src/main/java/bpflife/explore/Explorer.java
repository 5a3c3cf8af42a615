package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.Choice;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Tries interleavings of a scenario until one breaks an invariant or the budget is spent:
 * seeded random schedules, PCT, a portfolio of both (as Coyote does), or the exhaustive search.
 */
public final class Explorer {

    public enum Strategy { RANDOM, PCT, PORTFOLIO, EXHAUSTIVE }

    /**
     * @param schedules at most this many schedules (sampling strategies)
     * @param maxSteps  a run longer than this is reported as not quiescing
     * @param millis    stop after this much time (0: no limit)
     * @param states    exhaustive: stop after this many distinct states
     */
    public record Options(Strategy strategy, long schedules, long maxSteps, long millis, long seed, long states) {}

    /** Running figures, for a progress line and the summary. */
    public record Progress(long schedules, long steps, long states, long transitions, long elapsedMillis,
                           boolean violation) {}

    /**
     * What exploration found: the figures, and the first violating run (replayed with its journal)
     * with its schedule and the strategy that produced it; null found when none.
     */
    public record Summary(Progress progress, boolean complete, Found found) {}

    public record Found(List<Choice> schedule, RunResult run, String strategy, long index) {}

    private final Env env;
    private final Options options;
    private final Consumer<Progress> listener;

    public Explorer(Env env, Options options, Consumer<Progress> listener) {
        this.env = env;
        this.options = options;
        this.listener = listener;
    }

    public Summary run() {
        return options.strategy() == Strategy.EXHAUSTIVE ? exhaustive() : sample();
    }

    private Summary sample() {
        long start = System.nanoTime();
        SplittableRandom seeds = new SplittableRandom(options.seed());
        long k = firstEnabledLength();
        long steps = 0;
        long i = 0;
        while (i < options.schedules() && !timeUp(start)) {
            long seed = seeds.nextLong();
            Scheduler s = strategyFor(i, seed, k);
            RecordingScheduler rec = new RecordingScheduler(s);
            DeterministicRuntime rt = new DeterministicRuntime(env, rec, Stepper.KERNEL,
                    new DeterministicRuntime.Options(options.maxSteps(), false, null));
            RunResult r = rt.run();
            steps += r.steps();
            i++;
            if (!r.clean()) {
                RunResult full = replay(rec.choices());
                Progress p = new Progress(i, steps, 0, steps, millis(start), true);
                report(p);
                return new Summary(p, false, new Found(rec.choices(), full, s.describe(), i));
            }
            if ((i & 255) == 0) {
                report(new Progress(i, steps, 0, steps, millis(start), false));
            }
        }
        Progress p = new Progress(i, steps, 0, steps, millis(start), false);
        report(p);
        return new Summary(p, false, null);
    }

    private Scheduler strategyFor(long i, long seed, long k) {
        return switch (options.strategy()) {
            case RANDOM -> new RandomStrategy(seed);
            case PCT -> new PctStrategy(seed, 1 + (int) (i % 3), k);
            // the portfolio alternates: random, then PCT at depths 1, 2, 3
            case PORTFOLIO -> i % 2 == 0 ? new RandomStrategy(seed) : new PctStrategy(seed, 1 + (int) ((i / 2) % 3), k);
            case EXHAUSTIVE -> throw new IllegalStateException("not a sampling strategy");
        };
    }

    private Summary exhaustive() {
        long start = System.nanoTime();
        ExhaustiveSearch search = new ExhaustiveSearch(env, true, options.states(), false,
                st -> report(new Progress(st.ends(), st.transitions(), st.states(), st.transitions(), millis(start),
                        false)));
        ExhaustiveSearch.Outcome o = search.run();
        ExhaustiveSearch.Stats st = o.stats();
        Progress p = new Progress(st.ends(), st.transitions(), st.states(), st.transitions(), millis(start),
                o.violating() != null);
        report(p);
        if (o.violating() == null) {
            return new Summary(p, st.complete(), null);
        }
        return new Summary(p, false, new Found(o.violating(), replay(o.violating()), "exhaustive", st.ends()));
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
