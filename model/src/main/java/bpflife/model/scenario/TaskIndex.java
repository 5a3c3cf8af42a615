package bpflife.model.scenario;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * A scenario's tasks (the list {@link Scenario#tasks} is), indexed once: by name, and the names that
 * some {@code link create ... tid NAME} names. Every task's start asks whether it is named by tid
 * and every statement looks its task up by name; over a load's 11,000 tasks those were linear
 * searches, and the first copied the whole list each time (issue 16: a fifth of a load's
 * allocation). Lookups only: nothing iterates the hash maps, so no hash order reaches an output.
 */
final class TaskIndex extends AbstractList<TaskDef> implements RandomAccess {
    private final List<TaskDef> tasks;
    private final TaskDef setup;
    /** A name's first place in {@link #tasks}. */
    private final Map<String, Integer> place = new HashMap<>();
    private final Set<String> namedByTid = new HashSet<>();

    private TaskIndex(List<TaskDef> tasks, TaskDef setup) {
        this.tasks = List.copyOf(tasks);
        this.setup = setup;
        for (int i = 0; i < this.tasks.size(); i++) {
            place.putIfAbsent(this.tasks.get(i).name(), i);
            tidNames(this.tasks.get(i));
        }
        if (setup != null) {
            tidNames(setup);
        }
    }

    /** {@code tasks} indexed (as they are if they already are, for the same setup). */
    static List<TaskDef> of(List<TaskDef> tasks, TaskDef setup) {
        if (tasks == null || (tasks instanceof TaskIndex ti && ti.setup == setup)) {
            return tasks;
        }
        return new TaskIndex(tasks, setup);
    }

    private void tidNames(TaskDef t) {
        for (Stmt st : t.body()) {
            if (st.call() instanceof bpflife.protocol.Syscall.LinkCreate lc && lc.tidTask() != null) {
                namedByTid.add(lc.tidTask());
            }
        }
    }

    @Override
    public TaskDef get(int index) {
        return tasks.get(index);
    }

    @Override
    public int size() {
        return tasks.size();
    }

    /** The first task named {@code name}, or null. */
    TaskDef byName(String name) {
        Integer i = place.get(name);
        return i == null ? null : tasks.get(i);
    }

    /** The place of the first task named {@code name}, or -1. */
    int place(String name) {
        Integer i = place.get(name);
        return i == null ? -1 : i;
    }

    /** Whether some statement of a task or of setup is a {@code link create ... tid name}. */
    boolean namedByTid(String name) {
        return namedByTid.contains(name);
    }
}
