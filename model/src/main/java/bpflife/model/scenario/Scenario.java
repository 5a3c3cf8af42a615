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

    /** The number the model gives the setup task; every other task follows it in file order. */
    public static final int FIRST_PID = 1000;

    /**
     * A task's one number: its pid (bpftool's {@code pids}, a link's {@code pid self}) and the
     * thread id of its one thread (a {@code tid NAME}), equal as the kernel makes them for a
     * single-threaded process: {@link #FIRST_PID} for setup, then one more for each task in file
     * order (templates expanded). Here, not in the world's listing code, because the calls read
     * it too (model.calls must not depend on model.world).
     */
    public int pidOf(String taskName) {
        if (taskName.equals(setup.name())) {
            return FIRST_PID;
        }
        int i = ((TaskIndex) tasks).place(taskName);
        if (i >= 0) {
            return FIRST_PID + 1 + i;
        }
        throw new IllegalStateException("task " + taskName + " is not a task of scenario " + name);
    }

    /**
     * The thread id a {@code tid NAME} gives: the task's {@link #pidOf} number (the kernel check
     * gives the real one); 0 for a name that is no task the world starts (forked tasks and
     * unknown names: such a tid names no task).
     */
    public int tidOf(String taskName) {
        TaskDef t = task(taskName);
        return t == null || t.forked() ? 0 : pidOf(taskName);
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
