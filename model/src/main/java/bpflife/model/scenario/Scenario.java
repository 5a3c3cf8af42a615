package bpflife.model.scenario;

import bpflife.protocol.IterTarget;
import java.util.List;
import java.util.SortedMap;

/**
 * A parsed, checked scenario: the world's iterable objects, a setup task that runs alone first,
 * the concurrent tasks, and the expectations checked at the end.
 *
 * @param name         the scenario's name ({@code scenario NAME} line, else the file's base name)
 * @param file         the file it came from, as given
 * @param objects      how many objects each fixed-list target shows (task, task_file, bpf_map)
 * @param setup        the setup task (runs to completion before any other task starts); empty body if none
 * @param tasks        the other tasks, in file order (templates already expanded); forked ones start only at fork
 * @param expectations checked when the run is quiescent
 */
public record Scenario(String name, String file, SortedMap<IterTarget, Integer> objects, TaskDef setup,
                       List<TaskDef> tasks, List<Expectation> expectations) {

    public static final String SETUP = "setup";

    /** The tasks indexed by name once ({@link TaskIndex}): a load's scenario has 11,000 of them. */
    public Scenario {
        tasks = TaskIndex.of(tasks, setup);
    }

    public TaskDef task(String taskName) {
        if (setup.name().equals(taskName)) {
            return setup;
        }
        return ((TaskIndex) tasks).byName(taskName);
    }

    /**
     * A task's synthetic pid (bpftool's {@code pids}, a link's {@code pid self}): 1000 for setup,
     * 1000 + its place (from 1) among the scenario's other tasks. Here, not in the world's listing
     * code, because the calls read it too (model.calls must not depend on model.world).
     */
    public int pidOf(String taskName) {
        if (taskName.equals(setup.name())) {
            return 1000;
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(taskName)) {
                return 1001 + i;
            }
        }
        throw new IllegalStateException("task " + taskName + " is not a task of scenario " + name);
    }

    /**
     * The thread id the model gives a scenario task that a {@code tid NAME} names: 1000 plus its
     * place among the tasks (the kernel check gives the real one); 0 for a name that is no task
     * started by the world (forked tasks and unknown names: such a tid names no task).
     */
    public int tidOf(String taskName) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(taskName) && !tasks.get(i).forked()) {
                return 1000 + i;
            }
        }
        return 0;
    }

    /** Whether some {@code link create ... tid NAME} names this task: then its mm is modelled. */
    public boolean namedByTid(String taskName) {
        return ((TaskIndex) tasks).namedByTid(taskName) && tidOf(taskName) != 0;
    }

    /** Objects a fixed-list target shows; 3 unless the scenario says otherwise. */
    public int objectCount(IterTarget t) {
        return objects.getOrDefault(t, 3);
    }
}
