package bpflife.explore;

import bpflife.model.Env;
import bpflife.model.Invariant;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioException;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.Choice;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a failing run as small as it can, always keeping the same invariant broken: first the
 * scenario (whole tasks, then single calls), then the deliveries before the violation, then the
 * preemptions (places where the schedule departs from delivering the oldest message first).
 * Each candidate is tried with the current schedule followed leniently, then with a few seeds.
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
    public record Failing(Scenario scenario, List<Choice> schedule, RunResult run, Size size) {}

    private static final int SEEDS = 40;

    private final Semantics semantics;
    private final Invariant invariant;
    private final long deadline;
    private final long maxSteps;

    /** @param millis time budget */
    public Shrinker(Semantics semantics, Invariant invariant, long millis, long maxSteps) {
        this.semantics = semantics;
        this.invariant = invariant;
        this.deadline = System.nanoTime() + millis * 1_000_000;
        this.maxSteps = maxSteps;
    }

    /** The failing run of {@code schedule} whatever invariant it breaks, or null if it breaks none. */
    public Failing checkAny(Scenario sc, List<Choice> schedule) {
        return new Shrinker(semantics, null, 0, maxSteps == 0 ? 1_000_000 : maxSteps).attempt(sc,
                new LenientReplayStrategy(schedule));
    }

    /** The failing run of {@code schedule}, or null if it does not break the invariant. */
    public Failing check(Scenario sc, List<Choice> schedule) {
        return attempt(sc, new LenientReplayStrategy(schedule));
    }

    public Failing shrink(Failing start) {
        Failing cur = start;
        boolean progress = true;
        while (progress && !timeUp()) {
            progress = false;
            for (TaskDef t : List.copyOf(cur.scenario().tasks())) {
                Failing f = find(withoutTask(cur.scenario(), t.name()), cur.schedule());
                if (f != null && smaller(f, cur)) {
                    cur = f;
                    progress = true;
                }
            }
            for (String task : taskNames(cur.scenario())) {
                TaskDef def = cur.scenario().task(task);
                for (int i = def == null ? -1 : def.body().size() - 1; i >= 0 && !timeUp(); i--) {
                    Scenario cand = withoutStmt(cur.scenario(), task, i);
                    if (cand == null) {
                        continue;
                    }
                    Failing f = find(cand, cur.schedule());
                    if (f != null && smaller(f, cur)) {
                        cur = f;
                        progress = true;
                        def = cur.scenario().task(task);
                        if (def == null) {
                            break;
                        }
                        i = Math.min(i, def.body().size());
                    }
                }
            }
        }
        cur = shortenSchedule(cur);
        return cur;
    }

    /** Fewer deliveries, then fewer preemptions: drop chunks of the schedule (ddmin-like), then tails. */
    private Failing shortenSchedule(Failing cur) {
        int chunk = Math.max(1, cur.schedule().size() / 2);
        while (chunk >= 1 && !timeUp()) {
            boolean removed = false;
            for (int from = 0; from < cur.schedule().size() && !timeUp(); from += chunk) {
                List<Choice> cand = new ArrayList<>(cur.schedule().subList(0, from));
                cand.addAll(cur.schedule().subList(Math.min(cur.schedule().size(), from + chunk), cur.schedule().size()));
                Failing f = check(cur.scenario(), cand);
                if (f != null && smaller(f, cur)) {
                    cur = f;
                    removed = true;
                }
            }
            if (!removed) {
                chunk /= 2;
            }
        }
        return cur;
    }

    private Failing find(Scenario sc, List<Choice> schedule) {
        if (sc == null || timeUp() || !parses(sc)) {
            return null;
        }
        Failing f = check(sc, schedule);
        for (long seed = 1; f == null && seed <= SEEDS && !timeUp(); seed++) {
            f = attempt(sc, seed % 2 == 0 ? new RandomStrategy(seed) : new PctStrategy(seed, 2, 200));
        }
        return f;
    }

    /** A candidate must still be a scenario a person can run: its text passes the parser's checks. */
    private static boolean parses(Scenario sc) {
        try {
            ScenarioParser.parse(sc.file(), render(sc));
            return true;
        } catch (ScenarioException e) {
            return false;
        }
    }

    private Failing attempt(Scenario sc, Scheduler s) {
        RecordingScheduler rec = new RecordingScheduler(s);
        RunResult r;
        try {
            r = new DeterministicRuntime(new Env(sc, semantics), rec, Stepper.KERNEL,
                    new DeterministicRuntime.Options(maxSteps, false, null)).run();
        } catch (RuntimeException e) {
            return null; // a reduced scenario the model cannot run (a call on a task that is gone)
        }
        if (r.violations().isEmpty() || invariant != null && r.violations().get(0).invariant() != invariant) {
            return null;
        }
        int calls = 0;
        for (TaskDef t : allTasks(sc)) {
            calls += t.body().size();
        }
        return new Failing(sc, rec.choices(), r, new Size(sc.tasks().size(), calls, r.steps(), rec.preemptions()));
    }

    private static boolean smaller(Failing a, Failing b) {
        Size x = a.size();
        Size y = b.size();
        if (x.tasks() != y.tasks()) {
            return x.tasks() < y.tasks();
        }
        if (x.calls() != y.calls()) {
            return x.calls() < y.calls();
        }
        if (x.deliveries() != y.deliveries()) {
            return x.deliveries() < y.deliveries();
        }
        return x.preemptions() < y.preemptions();
    }

    private boolean timeUp() {
        return System.nanoTime() > deadline;
    }

    // ---- scenario surgery ----

    private static List<TaskDef> allTasks(Scenario sc) {
        List<TaskDef> all = new ArrayList<>();
        all.add(sc.setup());
        all.addAll(sc.tasks());
        return all;
    }

    private static List<String> taskNames(Scenario sc) {
        return allTasks(sc).stream().map(TaskDef::name).toList();
    }

    /** Without a task; a forked task goes with the fork that starts it, and the other way round. */
    static Scenario withoutTask(Scenario sc, String name) {
        List<TaskDef> tasks = new ArrayList<>();
        for (TaskDef t : sc.tasks()) {
            if (!t.name().equals(name)) {
                tasks.add(dropForksOf(t, name));
            }
        }
        return new Scenario(sc.name(), sc.file(), sc.objects(), dropForksOf(sc.setup(), name), tasks, List.of());
    }

    private static TaskDef dropForksOf(TaskDef t, String child) {
        List<Stmt> body = t.body().stream()
                .filter(s -> !(s.call() instanceof Syscall.Fork f && f.child().equals(child))).toList();
        return new TaskDef(t.name(), t.forked(), body, t.pos());
    }

    static Scenario withoutStmt(Scenario sc, String task, int index) {
        TaskDef def = sc.task(task);
        Stmt removed = def.body().get(index);
        List<Stmt> body = new ArrayList<>(def.body());
        body.remove(index);
        TaskDef smaller = new TaskDef(def.name(), def.forked(), body, def.pos());
        Scenario out;
        if (def.name().equals(Scenario.SETUP)) {
            out = new Scenario(sc.name(), sc.file(), sc.objects(), smaller, sc.tasks(), List.of());
        } else {
            List<TaskDef> tasks = sc.tasks().stream().map(t -> t.name().equals(task) ? smaller : t).toList();
            out = new Scenario(sc.name(), sc.file(), sc.objects(), sc.setup(), tasks, List.of());
        }
        if (removed.call() instanceof Syscall.Fork f) {
            out = withoutTask(out, f.child());
        }
        return out;
    }

    /** The scenario as text the parser reads back (expectations left out: only the invariant matters). */
    public static String render(Scenario sc) {
        StringBuilder b = new StringBuilder("# shrunk by bpflife from " + sc.file() + "\n");
        b.append("scenario ").append(sc.name()).append("-shrunk\n");
        for (Map.Entry<IterTarget, Integer> e : sc.objects().entrySet()) {
            b.append("objects ").append(e.getKey().kernelName()).append(' ').append(e.getValue()).append('\n');
        }
        if (!sc.setup().body().isEmpty()) {
            b.append("\nsetup:\n");
            sc.setup().body().forEach(s -> b.append("    ").append(s.text()).append('\n'));
        }
        for (TaskDef t : sc.tasks()) {
            b.append("\ntask ").append(t.name()).append(t.forked() ? " forked" : "").append(":\n");
            if (t.body().isEmpty()) {
                b.append("    exit\n");
            }
            t.body().forEach(s -> b.append("    ").append(s.text()).append('\n'));
        }
        return b.toString();
    }
}
