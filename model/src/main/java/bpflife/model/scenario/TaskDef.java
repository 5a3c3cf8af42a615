package bpflife.model.scenario;

import java.util.List;

/**
 * One task of a scenario: a process with its own fd table that issues its statements in order.
 * A forked task has no process of its own until its parent's {@code fork NAME} runs; it then
 * starts with a copy of the parent's fd table and variables.
 *
 * @param pidns the task runs in a pid namespace of its own ({@code task NAME pidns:}), made for it
 *              as unshare(CLONE_NEWPID) and fork(2) make one: it is pid 1 there and sees no other
 *              task (docs/SCENARIO-LANGUAGE.md, "pid namespaces"; kernel/bpf/task_iter.c reads a
 *              link's tid or pid in the opener's namespace, measured on 6.18)
 */
public record TaskDef(String name, boolean forked, List<Stmt> body, Pos pos, boolean pidns) {
    public TaskDef(String name, boolean forked, List<Stmt> body, Pos pos) {
        this(name, forked, body, pos, false);
    }

    /** The same task with another body (the shrinker cuts statements). */
    public TaskDef withBody(List<Stmt> newBody) {
        return new TaskDef(name, forked, newBody, pos, pidns);
    }

    /** What its own process is called in its own pid namespace: {@code getpid()} there. */
    public static final int PIDNS_SELF = 1;
}
