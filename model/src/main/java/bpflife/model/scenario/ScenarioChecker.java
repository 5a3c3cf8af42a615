package bpflife.model.scenario;

import bpflife.protocol.IdKind;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a scenario that need the whole file: every variable is bound before it is used
 * (a forked task starts with its parent's variables as they were at the {@code fork}), operands
 * have the kind the call needs unless the statement expects a refusal, forks name forked tasks
 * and every forked task is forked exactly once, and every {@code TASK.VAR} names a variable the
 * task binds. Expectations come out resolved, with {@code dump} patterns expanded.
 */
final class ScenarioChecker {

    /** A task as parsed; template expansions share one body. */
    record TaskBlock(String name, boolean forked, List<ParsedStmt> body, Pos pos, boolean pidns) {
        TaskBlock(String name, boolean forked, List<ParsedStmt> body, Pos pos) {
            this(name, forked, body, pos, false);
        }

        TaskDef toTaskDef() {
            return new TaskDef(name, forked, body.stream().map(ParsedStmt::stmt).toList(), pos, pidns);
        }
    }

    /**
     * A task in a pid namespace of its own sees no other task: its forks would share its namespace
     * (not modelled: the namespace holds one task), and a {@code tid NAME} of another task names a
     * pid it cannot see.
     */
    private static void checkPidns(TaskBlock t) {
        for (ParsedStmt s : t.body()) {
            Stmt st = s.stmt();
            if (st.call() instanceof bpflife.protocol.Syscall.Fork) {
                throw new ScenarioException(st.pos(), "expected no 'fork' in task " + t.name() + ", which has a pid "
                        + "namespace of its own (pidns): its children would share it, and the model's namespace holds "
                        + "one task");
            }
            if (st.call() instanceof bpflife.protocol.Syscall.LinkCreate lc && lc.tidTask() != null
                    && !lc.tidTask().equals(t.name())) {
                throw new ScenarioException(st.pos(), "expected 'tid self' or a number in task " + t.name()
                        + ", which has a pid namespace of its own (pidns), found 'tid " + lc.tidTask()
                        + "': no other task has a pid there");
            }
        }
    }

    private record Deferred(Operand.TaskVar ref, boolean refusal) {}

    private static final Set<VarKind> ANY_KIND = EnumSet.allOf(VarKind.class);

    private final TaskBlock setup;
    private final List<TaskBlock> tasks;
    private final Map<String, TaskBlock> byName = new LinkedHashMap<>();
    private final Set<String> signals = new HashSet<>();
    /** For a forked task: its parent and the parent's variables at the fork. */
    private final Map<String, String> parentOf = new HashMap<>();
    private final Map<String, Pos> forkedAt = new HashMap<>();
    private final Map<String, Map<String, VarKind>> inherited = new HashMap<>();
    /** Every kind each variable of a checked task is ever bound to. */
    private final Map<String, Map<String, Set<VarKind>>> bound = new HashMap<>();
    private final List<Deferred> deferred = new ArrayList<>();

    ScenarioChecker(TaskBlock setup, List<TaskBlock> tasks) {
        this.setup = setup;
        this.tasks = tasks;
        byName.put(setup.name(), setup);
        for (TaskBlock t : tasks) {
            byName.put(t.name(), t);
        }
        for (TaskBlock t : byName.values()) {
            for (ParsedStmt s : t.body()) {
                for (Operand op : s.operands()) {
                    if (op instanceof Operand.SignalOf sig) {
                        signals.add(sig.signal());
                    }
                }
            }
        }
    }

    List<Expectation> check(List<ExpectItem> items) {
        for (TaskBlock t : tasks) {
            if (t.pidns()) {
                checkPidns(t);
            }
        }
        checkTask(setup, Map.of());
        for (TaskBlock t : tasks) {
            if (!t.forked()) {
                checkTask(t, Map.of());
            }
        }
        // a forked task can be forked by another forked task: check in waves until none is left
        boolean progress = true;
        while (progress) {
            progress = false;
            for (TaskBlock t : tasks) {
                if (t.forked() && !bound.containsKey(t.name()) && inherited.containsKey(t.name())) {
                    checkTask(t, inherited.get(t.name()));
                    progress = true;
                }
            }
        }
        for (TaskBlock t : tasks) {
            if (!bound.containsKey(t.name())) {
                throw new ScenarioException(t.pos(), "task '" + t.name() + "' is declared forked but no task forks it"
                        + " (expected 'fork " + t.name() + "' in the task that starts it)");
            }
        }
        for (Deferred d : deferred) {
            checkRef(d.ref().ref(), d.ref().needed(), d.ref().role(), d.refusal());
        }
        List<Expectation> out = new ArrayList<>();
        for (ExpectItem item : items) {
            expectation(item, out);
        }
        return List.copyOf(out);
    }

    // ---- one task

    private void checkTask(TaskBlock t, Map<String, VarKind> start) {
        Map<String, VarKind> env = new LinkedHashMap<>(start);
        Map<String, Set<VarKind>> ever = new HashMap<>();
        start.forEach((v, k) -> ever.computeIfAbsent(v, x -> EnumSet.noneOf(VarKind.class)).add(k));
        Set<String> signalledHere = new HashSet<>();
        ParsedStmt exit = null;
        for (ParsedStmt s : t.body()) {
            if (exit != null) {
                throw new ScenarioException(s.stmt().pos(), "expected nothing after 'exit' (line " + exit.stmt().pos().line()
                        + ") in task '" + t.name() + "', found '" + s.stmt().text() + "', which would never run");
            }
            boolean refusal = s.expectsRefusal();
            for (Operand op : s.operands()) {
                switch (op) {
                    case Operand.Use u -> use(t, env, u, refusal);
                    case Operand.Bind b -> {
                        VarKind kind = b.copyOf() == null ? b.kind() : env.get(b.copyOf());
                        env.put(b.name(), kind);
                        ever.computeIfAbsent(b.name(), x -> EnumSet.noneOf(VarKind.class)).add(kind);
                    }
                    case Operand.TaskVar tv -> deferred.add(new Deferred(tv, refusal));
                    case Operand.ForkOf f -> fork(t, f, env);
                    case Operand.SignalOf sig -> signalledHere.add(sig.signal());
                    case Operand.WaitFor w -> waitFor(t, w, signalledHere);
                }
            }
            if (s.stmt().call() instanceof Syscall.Exit) {
                exit = s;
            }
        }
        bound.put(t.name(), ever);
    }

    private void use(TaskBlock t, Map<String, VarKind> env, Operand.Use u, boolean refusal) {
        VarKind kind = env.get(u.name());
        if (kind == null) {
            String parent = parentOf.get(t.name());
            String where = parent == null
                    ? "task '" + t.name() + "'"
                    : "task '" + t.name() + "' or of its parent '" + parent + "' before 'fork " + t.name() + "'";
            throw new ScenarioException(u.pos(), "expected a variable bound by an earlier statement of " + where
                    + ", found unbound '" + u.name() + "'" + Words.suggestion(u.name(), env.keySet()));
        }
        if (!refusal && !kind.fits(u.needed())) {
            throw new ScenarioException(u.pos(), "expected " + VarKind.describe(u.needed()) + " " + u.role()
                    + ", found " + kind.word() + " variable '" + u.name() + "'");
        }
    }

    private void fork(TaskBlock parent, Operand.ForkOf f, Map<String, VarKind> env) {
        if (parent == setup) {
            throw new ScenarioException(f.pos(), "expected no 'fork' in setup:, which runs alone before any task "
                    + "starts, found 'fork " + f.child() + "'");
        }
        TaskBlock child = byName.get(f.child());
        if (child == null) {
            List<String> forkable = tasks.stream().filter(TaskBlock::forked).map(TaskBlock::name).toList();
            throw new ScenarioException(f.pos(), "unknown task '" + f.child() + "' after 'fork' (expected "
                    + (forkable.isEmpty() ? "a task declared 'task NAME forked:'; there is none"
                            : "one of the forked tasks: " + Words.shortList(forkable)) + ")"
                    + Words.suggestion(f.child(), forkable));
        }
        if (!child.forked()) {
            throw new ScenarioException(f.pos(), "expected a task declared 'forked' after 'fork', found task '"
                    + child.name() + "', which starts on its own (declare it 'task " + child.name() + " forked:')");
        }
        Pos earlier = forkedAt.putIfAbsent(child.name(), f.pos());
        if (earlier != null) {
            throw new ScenarioException(f.pos(), "task '" + child.name() + "' is already forked at line "
                    + earlier.line() + " (a forked task is one process: it starts once)");
        }
        parentOf.put(child.name(), parent.name());
        inherited.put(child.name(), Map.copyOf(env));
    }

    private void waitFor(TaskBlock t, Operand.WaitFor w, Set<String> signalledHere) {
        if (!signals.contains(w.signal())) {
            throw new ScenarioException(w.pos(), "expected a signal that some task sends after 'wait', found '"
                    + w.signal() + "', which no 'signal " + w.signal() + "' sends (it would wait forever)"
                    + Words.suggestion(w.signal(), signals));
        }
        if (t == setup && !signalledHere.contains(w.signal())) {
            throw new ScenarioException(w.pos(), "expected a signal sent earlier in setup: after 'wait', found '"
                    + w.signal() + "' (setup runs alone: no other task can signal it)");
        }
    }

    // ---- references to other tasks' variables

    /** Checks {@code TASK.VAR} and returns the kinds the variable is bound to. */
    private Set<VarKind> checkRef(Ref ref, Set<VarKind> needed, String role, boolean refusal) {
        if (!byName.containsKey(ref.task())) {
            throw new ScenarioException(ref.taskPos(), "unknown task '" + ref.task() + "' " + role
                    + " (expected setup or one of the tasks: " + Words.shortList(taskNames()) + ")"
                    + Words.suggestion(ref.task(), taskNames()));
        }
        Map<String, Set<VarKind>> vars = bound.get(ref.task());
        Set<VarKind> kinds = vars.get(ref.var());
        if (kinds == null) {
            throw new ScenarioException(ref.varPos(), "expected a variable of task '" + ref.task() + "' " + role
                    + " (" + ref.task() + " binds " + varList(vars) + "), found '" + ref.var() + "'"
                    + Words.suggestion(ref.var(), vars.keySet()));
        }
        if (!refusal && kinds.stream().noneMatch(k -> k.fits(needed))) {
            List<String> words = kinds.stream().map(VarKind::word).toList();
            throw new ScenarioException(ref.varPos(), "expected " + VarKind.describe(needed) + " " + role
                    + ", found " + Words.orList(words) + " variable '" + ref + "'");
        }
        return kinds;
    }

    private List<String> taskNames() {
        return List.copyOf(byName.keySet());
    }

    private static String varList(Map<String, Set<VarKind>> vars) {
        return vars.isEmpty() ? "no variable" : String.join(", ", new TreeSet<>(vars.keySet()));
    }

    // ---- expect:

    private void expectation(ExpectItem item, List<Expectation> out) {
        switch (item) {
            case ExpectItem.DumpItem d -> dump(d, out);
            case ExpectItem.ShowItem s -> {
                VarKind objectKind = s.kind() == IdKind.LINK ? VarKind.LINK : VarKind.PROG;
                String role = "in '" + s.kind().word() + " show:'";
                for (ExpectItem.ListingEntry e : s.entries()) {
                    checkRef(e.object(), EnumSet.of(objectKind), role, false);
                    if (e.prog() != null) {
                        checkRef(e.prog(), EnumSet.of(VarKind.PROG), "after 'prog' in 'link show:'", false);
                    }
                }
                out.add(new Expectation.Show(s.kind(), s.entries().stream().map(ExpectItem.ListingEntry::toShowEntry).toList(),
                        s.pos()));
            }
            case ExpectItem.FreedItem f -> {
                checkRef(f.object(), ANY_KIND, "after 'freed'", false);
                out.add(new Expectation.Freed(f.object().task(), f.object().var(), f.pos()));
            }
        }
    }

    private void dump(ExpectItem.DumpItem d, List<Expectation> out) {
        Ref pattern = d.session();
        List<String> matches = new ArrayList<>();
        if (pattern.task().contains("*")) {
            for (String name : byName.keySet()) {
                if (Words.globMatches(pattern.task(), name)) {
                    matches.add(name);
                }
            }
            if (matches.isEmpty()) {
                throw new ScenarioException(pattern.taskPos(), "expected a task pattern that matches some task after "
                        + "'dump', found '" + pattern.task() + "', which matches none of " + Words.shortList(taskNames()));
            }
            for (String name : matches) {
                Map<String, Set<VarKind>> vars = bound.get(name);
                if (!vars.containsKey(pattern.var())) {
                    throw new ScenarioException(pattern.varPos(), "expected a variable of every task that '"
                            + pattern.task() + "' matches, found '" + pattern.var() + "', which task '" + name
                            + "' does not bind (it binds " + varList(vars) + ")");
                }
            }
        } else {
            matches.add(pattern.task());
        }
        if (d.from() != null) {
            checkRef(d.from(), EnumSet.of(VarKind.PROG), "after 'from'", false);
        }
        if (out.size() + matches.size() > Limits.MAX_EXPECTATIONS) {
            throw new ScenarioException(d.pos(), "expected at most " + Limits.MAX_EXPECTATIONS + " expectations in all"
                    + " (the limit the model holds), found more with 'dump " + pattern + "' matching " + matches.size()
                    + " tasks");
        }
        for (String name : matches) {
            checkRef(new Ref(name, pattern.var(), pattern.taskPos(), pattern.varPos()), EnumSet.of(VarKind.SESSION),
                    "after 'dump'", false);
            out.add(new Expectation.Dump(name, pattern.var(), d.complete(), d.onlyEnd(),
                    d.from() == null ? null : d.from().task(), d.from() == null ? null : d.from().var(),
                    d.errnos(), d.objects(), d.rank(), d.repeats(), d.pos()));
        }
    }
}
