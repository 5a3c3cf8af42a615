package bpflife.explore;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioException;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The scenario surgery the shrinker does: tasks, calls or shown objects taken out, and the
 * scenario written back as text. A cut keeps the scenario runnable: a forked task nobody forks
 * any more goes, so does a fork of a task that went, and so does a wait for a signal that no task
 * sends any more. Expectations are left out: a shrunk scenario is about the invariant it breaks.
 */
final class ScenarioCuts {
    private ScenarioCuts() {}

    static Scenario withoutTasks(Scenario sc, Collection<String> names) {
        Set<String> gone = new HashSet<>(names);
        List<TaskDef> tasks = sc.tasks().stream().filter(t -> !gone.contains(t.name())).toList();
        return pruned(new Scenario(sc.name(), sc.file(), sc.objects(), sc.setup(), tasks, List.of()));
    }

    /**
     * The scenario with one task's body replaced (the setup's, when the name is {@link Scenario#SETUP});
     * a task left with no calls goes.
     */
    static Scenario withBody(Scenario sc, String task, List<Stmt> body) {
        if (body.isEmpty() && !task.equals(Scenario.SETUP)) {
            return withoutTasks(sc, List.of(task));
        }
        TaskDef def = sc.task(task);
        TaskDef changed = def.withBody(List.copyOf(body));
        if (task.equals(Scenario.SETUP)) {
            return pruned(new Scenario(sc.name(), sc.file(), sc.objects(), changed, sc.tasks(), List.of()));
        }
        List<TaskDef> tasks = sc.tasks().stream().map(t -> t.name().equals(task) ? changed : t).toList();
        return pruned(new Scenario(sc.name(), sc.file(), sc.objects(), sc.setup(), tasks, List.of()));
    }

    static Scenario withObjects(Scenario sc, IterTarget target, int count) {
        TreeMap<IterTarget, Integer> objects = new TreeMap<>(sc.objects());
        objects.put(target, count);
        return new Scenario(sc.name(), sc.file(), objects, sc.setup(), sc.tasks(), List.of());
    }

    /** Without the {@code objects} lines of targets that no program of the scenario iterates (they change nothing). */
    static Scenario withoutUnusedObjects(Scenario sc) {
        TreeMap<IterTarget, Integer> objects = new TreeMap<>(sc.objects());
        objects.keySet().removeIf(t -> !iterates(sc, t));
        return new Scenario(sc.name(), sc.file(), objects, sc.setup(), sc.tasks(), List.of());
    }

    /** Whether a program of the scenario iterates the target. */
    static boolean iterates(Scenario sc, IterTarget target) {
        return allTasks(sc).stream().anyMatch(t -> t.body().stream()
                .anyMatch(s -> s.call() instanceof Syscall.ProgLoad p && p.target() == target));
    }

    /** Every task with the setup first. */
    static List<TaskDef> allTasks(Scenario sc) {
        List<TaskDef> all = new ArrayList<>(sc.tasks().size() + 1);
        all.add(sc.setup());
        all.addAll(sc.tasks());
        return all;
    }

    static int calls(Scenario sc) {
        return allTasks(sc).stream().mapToInt(t -> t.body().size()).sum();
    }

    /**
     * Forked tasks that nobody forks go, and forks of tasks that are gone, until nothing changes;
     * then waits for a signal that no task sends any more (they would wait forever).
     */
    private static Scenario pruned(Scenario sc) {
        while (true) {
            Set<String> present = new HashSet<>();
            Set<String> forked = new HashSet<>();
            for (TaskDef t : allTasks(sc)) {
                present.add(t.name());
                t.body().forEach(s -> {
                    if (s.call() instanceof Syscall.Fork f) {
                        forked.add(f.child());
                    }
                });
            }
            boolean orphans = sc.tasks().stream().anyMatch(t -> t.forked() && !forked.contains(t.name()));
            boolean danglingForks = forked.stream().anyMatch(c -> !present.contains(c));
            if (!orphans && !danglingForks) {
                return withoutDanglingWaits(sc);
            }
            List<TaskDef> tasks = new ArrayList<>();
            for (TaskDef t : sc.tasks()) {
                if (!t.forked() || forked.contains(t.name())) {
                    tasks.add(keep(t, s -> !(s.call() instanceof Syscall.Fork f) || present.contains(f.child())));
                }
            }
            sc = new Scenario(sc.name(), sc.file(), sc.objects(),
                    keep(sc.setup(), s -> !(s.call() instanceof Syscall.Fork f) || present.contains(f.child())),
                    tasks, List.of());
        }
    }

    private static Scenario withoutDanglingWaits(Scenario sc) {
        Set<String> sent = new HashSet<>();
        allTasks(sc).forEach(t -> t.body().forEach(s -> {
            if (s.call() instanceof Syscall.Signal sig) {
                sent.add(sig.name());
            }
        }));
        Predicate<Stmt> keep = s -> !(s.call() instanceof Syscall.Wait w) || sent.contains(w.name());
        List<TaskDef> tasks = sc.tasks().stream().map(t -> keep(t, keep)).toList();
        return new Scenario(sc.name(), sc.file(), sc.objects(), keep(sc.setup(), keep), tasks, List.of());
    }

    private static TaskDef keep(TaskDef t, Predicate<Stmt> keep) {
        List<Stmt> body = t.body().stream().filter(keep).toList();
        return body.size() == t.body().size() ? t : t.withBody(body);
    }

    /** Whether a person could run the cut scenario: its text passes the parser's checks. */
    static boolean parses(Scenario sc) {
        try {
            ScenarioParser.parse(sc.file(), render(sc));
            return true;
        } catch (ScenarioException e) {
            return false;
        }
    }

    /** The scenario as text the parser reads back. */
    static String render(Scenario sc) {
        StringBuilder b = new StringBuilder("# shrunk by bpflife from " + sc.file() + "\n");
        b.append("scenario ").append(sc.name().endsWith("-shrunk") ? sc.name() : sc.name() + "-shrunk").append('\n');
        for (Map.Entry<IterTarget, Integer> e : sc.objects().entrySet()) {
            b.append("objects ").append(e.getKey().kernelName()).append(' ').append(e.getValue()).append('\n');
        }
        if (!sc.setup().body().isEmpty()) {
            b.append("\nsetup:\n");
            sc.setup().body().forEach(s -> b.append("    ").append(s.text()).append('\n'));
        }
        for (TaskDef t : sc.tasks()) {
            b.append("\ntask ").append(t.name()).append(t.forked() ? " forked" : t.pidns() ? " pidns" : "").append(":\n");
            if (t.body().isEmpty()) {
                b.append("    exit\n");
            }
            t.body().forEach(s -> b.append("    ").append(s.text()).append('\n'));
        }
        return b.toString();
    }
}
