package bpflife.explore;

import bpflife.model.Env;
import bpflife.model.Invariant;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.IterTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Makes a failing run as small as it can, always breaking the same invariant on the same kind of
 * object: first the scenario (whole tasks, then calls within each task, by delta debugging, then
 * fewer objects shown by the iterators), then the deliveries before the violation (ddmin over the
 * schedule), then the preemptions (places where the schedule departs from delivering the oldest
 * enabled channel). A cut scenario is tried with the current schedule followed leniently (by
 * message number, then by channel only), then with a few seeded random and PCT schedules. Then
 * the same again from another instance of the bug, if seeds find one in the original scenario
 * without the tasks of the first result; the smaller result wins. Sizes compare by tasks, then
 * calls, then deliveries, then preemptions; a candidate is kept only when it is smaller. The
 * result depends only on the input, unless the time budget cuts it short.
 */
public final class Shrinker {

    /** How big a failing run is. */
    public record Size(int tasks, int calls, long deliveries, int preemptions) {
        @Override
        public String toString() {
            return tasks + " tasks, " + calls + " calls, " + deliveries + " deliveries, " + preemptions + " preemptions";
        }
    }

    /** A failing run: its scenario, its schedule, its size. */
    public record Failing(Scenario scenario, List<Choice> schedule, RunResult run, Size size) {
        public Violation violation() {
            return run.violations().get(0);
        }
    }

    /**
     * Seeded schedules tried on a cut scenario that the current schedule no longer breaks: at
     * least MIN_SEEDS, more while the runs are short (up to SEED_STEPS deliveries in all).
     */
    private static final int MIN_SEEDS = 8;
    private static final int MAX_SEEDS = 128;
    private static final long SEED_STEPS = 10_000;
    /** Seeded schedules tried on the original scenario without the tasks of the first shrunk run. */
    private static final int PIVOT_SEEDS = 64;

    private final Semantics semantics;
    /** The invariant to keep broken, and the kind of object it breaks on; null: any. */
    private final Invariant invariant;
    private final ActorId.Kind kind;
    private final long deadline;
    private final long maxSteps;
    private long runs;
    /** While shrinking: the smallest failing run so far. */
    private Failing best;
    /** While shrinking: whether a cut scenario is also tried with seeded schedules. */
    private boolean seeded;

    /** @param millis time budget, from now; maxSteps: 0 for the runtime's default */
    public Shrinker(Semantics semantics, Invariant invariant, long millis, long maxSteps) {
        this(semantics, invariant, null, System.nanoTime() + millis * 1_000_000, maxSteps == 0 ? 1_000_000 : maxSteps);
    }

    private Shrinker(Semantics semantics, Invariant invariant, ActorId.Kind kind, long deadline, long maxSteps) {
        this.semantics = semantics;
        this.invariant = invariant;
        this.kind = kind;
        this.deadline = deadline;
        this.maxSteps = maxSteps;
    }

    /**
     * The run of {@code schedule} followed exactly, if it breaks an invariant (any), else null.
     *
     * @throws ReplayStrategy.Mismatch when the schedule does not apply to the scenario
     */
    public Failing replay(Scenario sc, List<Choice> schedule) {
        return new Shrinker(semantics, null, null, deadline, maxSteps).attempt(sc, new ReplayStrategy(schedule), true);
    }

    /** The failing run of {@code schedule}, followed leniently, or null if it does not break the invariant. */
    public Failing check(Scenario sc, List<Choice> schedule) {
        return attempt(sc, new LenientReplayStrategy(schedule));
    }

    /** Runs tried so far (by this shrinker and the shrinks it made). */
    public long runs() {
        return runs;
    }

    /**
     * The smallest failing run found from {@code start}, breaking the same invariant on the same
     * kind of object; its scenario is the text {@link #render} writes, read back, and its schedule
     * replays exactly on it.
     */
    public Failing shrink(Failing start) {
        Violation v = start.violation();
        // a cut that makes a run loop must not eat the budget: a smaller failing run is not much
        // longer than the original one (unless what fails is the step limit itself)
        long limit = v.object().equals(ActorId.WORLD) ? maxSteps
                : Math.min(maxSteps, Math.max(10_000, 10 * start.size().deliveries()));
        Shrinker same = new Shrinker(semantics, v.invariant(), v.object().kind(), deadline, limit);
        same.best = start;
        Failing small = same.shrinkAll();
        runs += same.runs;
        Scenario reread = ScenarioParser.parse(small.scenario().file(),
                render(ScenarioCuts.withoutUnusedObjects(small.scenario())));
        Failing again = same.attempt(reread, new ReplayStrategy(small.schedule()));
        if (again == null || !again.schedule().equals(small.schedule())) {
            throw new IllegalStateException("the shrunk scenario, written and read back, no longer fails: "
                    + render(small.scenario()));
        }
        return again;
    }

    /**
     * Shrinks from the start; then looks for another instance of the bug in the start's scenario
     * without the tasks the shrunk run kept (a busy scenario often has several pairs of tasks
     * that can race the same way, and some shrink further), shrinks that too and keeps the smaller.
     */
    private Failing shrinkAll() {
        Failing start = best;
        Failing first = shrinkFrom(start);
        List<String> kept = taskNames(first.scenario().tasks());
        Scenario rest = ScenarioCuts.withoutTasks(start.scenario(), kept);
        if (timeUp() || rest.tasks().size() == start.scenario().tasks().size() || !ScenarioCuts.parses(rest)) {
            return first;
        }
        best = start;
        Failing other = bySeeds(rest, PIVOT_SEEDS, start.size().deliveries());
        if (other == null) {
            return first;
        }
        best = other;
        Failing second = shrinkFrom(other);
        return smaller(second, first) ? second : first;
    }

    /**
     * The scenario first with replays of the current schedule only (one or two runs per cut, so
     * that a big scenario goes fast), then again with seeded schedules as well (a cut can move a
     * race that the old schedule no longer hits); then the schedule.
     */
    private Failing shrinkFrom(Failing start) {
        best = start;
        Failing before;
        for (boolean withSeeds : new boolean[] {false, true}) {
            seeded = withSeeds;
            do {
                before = best;
                fewerTasks();
                fewerCalls();
                fewerObjects();
            } while (best != before && !timeUp());
        }
        do {
            before = best;
            fewerDeliveries();
            fewerPreemptions();
        } while (best != before && !timeUp());
        return best;
    }

    // ---- the scenario ----

    private void fewerTasks() {
        List<String> names = taskNames(best.scenario().tasks());
        Ddmin.minimize(names, keep -> {
            List<String> drop = taskNames(best.scenario().tasks());
            drop.removeAll(keep);
            return tryScenario(ScenarioCuts.withoutTasks(best.scenario(), drop)) ? taskNames(best.scenario().tasks()) : null;
        }, this::timeUp);
    }

    private void fewerCalls() {
        for (TaskDef t : ScenarioCuts.allTasks(best.scenario())) {
            String task = t.name();
            if (best.scenario().task(task) == null) {
                continue; // went with an earlier cut (a fork of it was removed)
            }
            Ddmin.minimize(best.scenario().task(task).body(), keep -> {
                if (!tryScenario(ScenarioCuts.withBody(best.scenario(), task, keep))) {
                    return null;
                }
                TaskDef now = best.scenario().task(task);
                return now == null ? List.<Stmt>of() : now.body();
            }, this::timeUp);
        }
    }

    /** Fewer objects shown by the fixed-list iterators: shorter dumps, fewer deliveries. */
    private void fewerObjects() {
        for (IterTarget target : List.of(IterTarget.TASK, IterTarget.TASK_FILE, IterTarget.BPF_MAP)) {
            if (!ScenarioCuts.iterates(best.scenario(), target)) {
                continue;
            }
            int count = best.scenario().objectCount(target);
            for (int n : new int[] {0, 1, count / 2}) {
                if (n < count && tryScenario(ScenarioCuts.withObjects(best.scenario(), target, n))) {
                    break;
                }
            }
        }
    }

    private boolean tryScenario(Scenario cand) {
        if (timeUp() || !ScenarioCuts.parses(cand)) {
            return false;
        }
        Failing f = attempt(cand, new LenientReplayStrategy(best.schedule()));
        if (f == null) {
            f = attempt(cand, new ChannelReplayStrategy(best.schedule()));
        }
        long k = Math.max(1, best.size().deliveries());
        if (f == null && seeded) {
            f = bySeeds(cand, Math.max(MIN_SEEDS, Math.min(MAX_SEEDS, SEED_STEPS / k)), k);
        }
        return accept(f);
    }

    /** The first of a few seeded schedules (random, and PCT at depths 1-3) that fails, or null. */
    private Failing bySeeds(Scenario sc, long seeds, long k) {
        Failing f = null;
        for (long seed = 1; f == null && seed <= seeds && !timeUp(); seed++) {
            f = attempt(sc, seed % 2 == 1 ? new RandomStrategy(seed) : new PctStrategy(seed, 1 + (int) (seed / 2 % 3), k));
        }
        return f;
    }

    // ---- the schedule ----

    private void fewerDeliveries() {
        Ddmin.minimize(best.schedule(), keep ->
                accept(attempt(best.scenario(), new LenientReplayStrategy(keep))) ? best.schedule() : null, this::timeUp);
    }

    /**
     * First the shortest prefix of the schedule that, followed by the oldest enabled channel at
     * every later step, still fails; then each remaining preemption taken out on its own.
     */
    private void fewerPreemptions() {
        for (int k = 0; k < best.schedule().size() && !timeUp(); k++) {
            if (accept(attempt(best.scenario(), new LenientReplayStrategy(best.schedule().subList(0, k))))) {
                break;
            }
        }
        boolean progress = true;
        while (progress && !timeUp()) {
            progress = false;
            for (long at : preemptionSteps()) {
                if (timeUp()) {
                    break;
                }
                if (accept(attempt(best.scenario(), new FirstAtStrategy(new LenientReplayStrategy(best.schedule()), at)))) {
                    progress = true;
                    break;
                }
            }
        }
    }

    /** The steps (from 1) of the current best run that did not deliver the oldest enabled channel. */
    private List<Long> preemptionSteps() {
        List<Long> steps = new ArrayList<>();
        LenientReplayStrategy replay = new LenientReplayStrategy(best.schedule());
        attempt(best.scenario(), new Scheduler() {
            private long step;

            @Override
            public int pick(List<Channel> enabled) {
                int i = replay.pick(enabled);
                step++;
                if (i != 0) {
                    steps.add(step);
                }
                return i;
            }

            @Override
            public String describe() {
                return replay.describe();
            }
        });
        return steps;
    }

    // ---- runs ----

    private boolean accept(Failing f) {
        if (f != null && smaller(f, best)) {
            best = f;
            return true;
        }
        return false;
    }

    private Failing attempt(Scenario sc, Scheduler s) {
        return attempt(sc, s, false);
    }

    /** @param strict let a replay that does not apply fail loudly */
    private Failing attempt(Scenario sc, Scheduler s, boolean strict) {
        runs++;
        RecordingScheduler rec = new RecordingScheduler(s);
        RunResult r;
        try {
            r = new DeterministicRuntime(new Env(sc, semantics), rec, Stepper.KERNEL,
                    new DeterministicRuntime.Options(maxSteps, false, null)).run();
        } catch (ReplayStrategy.Mismatch e) {
            if (strict) {
                throw e;
            }
            return null;
        } catch (RuntimeException e) {
            return null; // a cut scenario the model cannot run (a call on a task that is gone)
        }
        if (r.violations().isEmpty()) {
            return null;
        }
        Violation v = r.violations().get(0);
        if (invariant != null && v.invariant() != invariant || kind != null && v.object().kind() != kind) {
            return null;
        }
        return new Failing(sc, rec.choices(), r,
                new Size(sc.tasks().size(), ScenarioCuts.calls(sc), r.steps(), rec.preemptions()));
    }

    /** Fewer tasks first, then fewer calls, deliveries, preemptions. */
    private static final Comparator<Size> SIZE = Comparator.comparingInt(Size::tasks).thenComparingInt(Size::calls)
            .thenComparingLong(Size::deliveries).thenComparingInt(Size::preemptions);

    private static boolean smaller(Failing a, Failing b) {
        return SIZE.compare(a.size(), b.size()) < 0;
    }

    private static List<String> taskNames(List<TaskDef> tasks) {
        return new ArrayList<>(tasks.stream().map(TaskDef::name).toList());
    }

    private boolean timeUp() {
        return System.nanoTime() > deadline;
    }

    /** The scenario as text the parser reads back (expectations left out: only the invariant matters). */
    public static String render(Scenario sc) {
        return ScenarioCuts.render(sc);
    }
}
