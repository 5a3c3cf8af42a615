package bpflife.kernel;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.FirstEnabledStrategy;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Scheduler;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.SeqSession;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Attach;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Choice;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model's side. The model's deterministic run of the scenario (the first-enabled scheduler,
 * or a given schedule replayed) fixes the order of the calls. In that run calls overlap (a call
 * enters, other tasks' calls run, it returns), which the kernel run cannot reproduce: it makes one
 * call at a time. So the model runs the scenario again, one call at a time in that order
 * ({@link SerialScheduler}), and that serialized run is what the kernel run repeats and is
 * compared with, call for call. Whatever the order, both sides then make the same calls in the
 * same order, and any difference is the model's.
 *
 * <p>The order is the one in which the calls <em>entered</em> (the default) or <em>returned</em>.
 * Both keep every task's program order and every happens-before between tasks (a call that
 * returned before another entered stays before it; a wait returns after its signal). They differ
 * for overlapping calls: where a call's effect is early (an open looks its path up first, a
 * listing takes its references first) the entered order keeps the model's outcome and the
 * returned order can change it (a cat that opened before an rm but returned after it gets ENOENT
 * when its open runs after the rm). For the shipped scenarios the serialized run returns exactly
 * what the first-enabled run returned in the entered order; {@link #changed} lists where not.
 */
final class ModelTrace {

    enum Kind { CALL, EXIT }

    /**
     * One kernel action, in serialized order: a call (one read of a {@code read ... until eof}
     * counts as one; {@code last} marks the statement's final return) or a task's exit.
     */
    record Step(Kind kind, String task, int pc, Stmt stmt, Result result, int read, boolean last) {
        Syscall call() {
            return stmt == null ? new Syscall.Exit() : stmt.call();
        }
    }

    /** The run that gave the order (first-enabled or replayed). */
    final RunResult original;
    /** The serialized run: the model side of the comparison. */
    final RunResult run;
    final CallOrder order;
    final List<Step> steps;
    final Side side;
    /** Statements (task@pc) whose result in the serialized run is not the one of the original run. */
    final List<String> changed = new ArrayList<>();

    private ModelTrace(RunResult original, RunResult run, CallOrder order, Parsed parsed) {
        this.original = original;
        this.run = run;
        this.order = order;
        this.steps = parsed.steps;
        this.side = parsed.side;
    }

    private record Parsed(List<Step> steps, Side side) {}

    /**
     * Runs the model with the first-enabled scheduler (or replays {@code schedule} when given),
     * then again one call at a time in the order its calls entered (or returned).
     */
    static ModelTrace run(Scenario sc, Semantics semantics, List<Choice> schedule, CallOrder order) {
        Scheduler scheduler = schedule == null ? new FirstEnabledStrategy() : new ReplayStrategy(schedule);
        Env env = new Env(sc, semantics);
        RunResult first = new DeterministicRuntime(env, scheduler, Stepper.KERNEL,
                new DeterministicRuntime.Options(2_000_000, true, null)).run();
        List<String> tasks = new ArrayList<>();
        for (StepRecord rec : first.records()) {
            if (rec.receiver() instanceof TaskId t) {
                for (Event e : rec.events()) {
                    boolean at = switch (e) {
                        case Event.SyscallEntered en -> order == CallOrder.ENTERED;
                        case Event.SyscallReturned ret -> order == CallOrder.RETURNED;
                        case Event.TaskExited x -> order == CallOrder.RETURNED;
                        default -> false;
                    };
                    if (at) {
                        tasks.add(t.name());
                    }
                }
            }
        }
        RunResult serial = new DeterministicRuntime(env, new SerialScheduler(tasks), Stepper.KERNEL,
                new DeterministicRuntime.Options(2_000_000, true, null)).run();
        ModelTrace t = new ModelTrace(first, serial, order, parse(serial));
        Side before = parse(first).side;
        for (var e : t.side.calls.entrySet()) {
            Observed was = before.calls.get(e.getKey());
            Observed now = e.getValue();
            if (was == null || !Objects.equals(was.word(), now.word()) || !Objects.equals(was.listing(), now.listing())
                    || !Objects.equals(was.idName(), now.idName())) {
                t.changed.add(e.getKey());
            }
        }
        return t;
    }

    private static Parsed parse(RunResult run) {
        Side side = new Side();
        List<Step> steps = new ArrayList<>();
        Scenario sc = run.scenario();
        Map<String, Syscall> current = new HashMap<>();
        Map<String, Integer> reads = new HashMap<>();
        Map<String, List<Result>> results = new HashMap<>();
        Map<ActorId, String> sessionKeys = new HashMap<>();
        Map<ActorId, Attach> linkAttach = new HashMap<>();
        for (StepRecord rec : run.records()) {
            if (!(rec.receiver() instanceof TaskId tid)) {
                continue;
            }
            String task = tid.name();
            for (StepRecord.Spawn sp : rec.spawned()) {
                if (sp.born() instanceof Event.LinkPrimed lp) {
                    linkAttach.put(lp.link(), lp.attach());
                }
            }
            TaskDef def = sc.task(task);
            for (Event e : rec.events()) {
                switch (e) {
                    case Event.SyscallEntered en -> current.put(task, en.call());
                    case Event.FdInstalled in when in.var() != null -> {
                        IdKind kind = switch (current.get(task)) {
                            case Syscall.ProgLoad p -> IdKind.PROG;
                            case Syscall.LinkCreate l -> IdKind.LINK;
                            case Syscall.MapCreate m -> IdKind.MAP;
                            case null, default -> null;
                        };
                        if (kind != null) {
                            String name = side.name(kind, in.kernelId(), task, in.var());
                            Attach a = linkAttach.get(in.object());
                            // self in a task of its own pid namespace is 1 there, which bpftool shows as is
                            boolean ownNs = def != null && def.pidns();
                            String named = a == null ? null : a.task() != null ? a.task().name()
                                    : a.own() && !ownNs ? task : null;
                            if (kind == IdKind.LINK && named != null) {
                                side.linkTask.put(name, named);
                            }
                        }
                    }
                    case Event.SyscallReturned ret -> {
                        String key = Side.key(task, ret.pc());
                        Stmt st = def.body().get(ret.pc());
                        // the model's rule (a read loop also ends at its bound after D6's repeats)
                        boolean last = !bpflife.model.Task.readsAgain(ret.call(), ret.result(), (int) results
                                .getOrDefault(key, List.of()).stream().filter(Result::sawRepeat).count());
                        int n = reads.merge(key, 1, Integer::sum);
                        results.computeIfAbsent(key, k -> new ArrayList<>()).add(ret.result());
                        steps.add(new Step(Kind.CALL, task, ret.pc(), st, ret.result(), n, last));
                        if ((ret.call() instanceof Syscall.Open || ret.call() instanceof Syscall.IterCreate)
                                && ret.result().object() instanceof ActorId.SessionId s) {
                            sessionKeys.put(s, key);
                            side.sessions.put(key, new Side.Session(task + "." + st.call().result()));
                        }
                        if (last) {
                            side.calls.put(key, observe(side, st.call(), results.get(key)));
                            if (st.call() instanceof Syscall.Read) {
                                side.readSizes.put(key, results.get(key).stream()
                                        .map(r -> r.ok() ? (int) r.value() : -r.errno().number()).toList());
                            }
                        }
                    }
                    case Event.TaskExited x -> steps.add(new Step(Kind.EXIT, task, -1, null, null, 0, true));
                    default -> { }
                }
            }
        }
        run.dumps().forEach((session, text) -> {
            Side.Session s = side.sessions.get(sessionKeys.get(session));
            if (s != null) {
                s.text.append(text);
            }
        });
        sessionKeys.forEach((session, key) -> {
            // how the session's target walks: the kernel check compares the object count by it
            if (run.states().get(session) instanceof SeqSession.State ss && side.sessions.get(key) != null) {
                Side.Session s = side.sessions.get(key);
                Attach a = ss.template().attach();
                s.rootWalk = ss.template().target() == IterTarget.CGROUP && a.cgroup() == null;
                s.machineWalk = machineWalk(ss.template().target(), a);
                s.ancestors = ss.template().target() == IterTarget.CGROUP && a.cgroup() != null
                        && a.order() == CgroupOrder.ANCESTORS_UP;
                s.tid = filterNumber(a);
                s.namedTask = a.task() == null ? null : a.task().name();
                s.target = ss.template().target().kernelName();
            }
        });
        for (ActorId session : run.eof()) {
            Side.Session s = side.sessions.get(sessionKeys.get(session));
            if (s != null) {
                s.eof = true;
            }
        }
        if (run.quiescent()) {
            side.finalLinks = Listings.show(run.states(), IdKind.LINK).stream().map(en -> entry(side, en.info()))
                    .toList();
            side.finalProgs = Listings.show(run.states(), IdKind.PROG).stream().map(en -> entry(side, en.info()))
                    .toList();
        }
        return new Parsed(steps, side);
    }

    /** The statement's observable result from its returns (several for {@code read ... until eof}). */
    private static Observed observe(Side side, Syscall call, List<Result> rs) {
        Result last = rs.get(rs.size() - 1);
        String word = last.word();
        return switch (call) {
            case Syscall.Read rd when rd.untilEof() -> Observed.of(word, Shown.reads(rs.stream()
                    .map(r -> r.ok() ? (int) r.value() : -r.errno().number()).toList()));
            case Syscall.Read rd -> Observed.of(word, Report.describe(last));
            case Syscall.Show sh -> {
                if (!last.ok()) {
                    yield Observed.of(word, Report.describe(last));
                }
                List<String> entries = last.listing().stream().map(i -> entry(side, i)).toList();
                yield new Observed(word, Shown.listing(entries), entries, null, null);
            }
            case Syscall.GetNextId n -> {
                if (!last.ok()) {
                    yield Observed.of(word, Report.describe(last));
                }
                String name = side.nameOf(n.kind(), (int) last.value());
                String shown = (name == null ? n.kind().word() + " id ?" : name) + " (id " + last.value() + ")";
                yield new Observed(word, shown, null, name == null ? "?" : name, null);
            }
            case Syscall.Signal s -> Observed.of(word, "0");
            case Syscall.Wait w -> Observed.of(word, "0");
            default -> Observed.of(word, Report.describe(last));
        };
    }

    private static String entry(Side side, Info info) {
        return switch (info) {
            case Info.LinkInfo l -> side.linkEntry(l.id(), l.progId(), l.target().kernelName(), l.mapId(),
                    l.target().kernelName().equals("cgroup") ? (l.order() == null ? "order_unspec" : l.order().text())
                            : null);
            case Info.ProgInfo p -> side.progEntry(p.id());
            case Info.MapInfo m -> "map id " + m.id();
            case Info.CgroupInfo c -> "cgroup " + c.name();
        };
    }

    /**
     * Whether the kernel's walk passes the machine's objects, not only the scenario's: a cgroup walk
     * from the root, a task, task_file or task_vma walk without a tid or pid, every map. One of them
     * going away elsewhere while the walk is at it (a cgroup removed, a task exiting between two
     * reads, a map freed) is counted in seq_num and not shown: a gap the model cannot know of (seen:
     * getfd-races-last-put's dump_task read 16 bytes a time, 1 of 20 runs complete but 1 not shown).
     */
    static boolean machineWalk(IterTarget target, Attach a) {
        return switch (target) {
            case CGROUP -> a.cgroup() == null;
            case TASK, TASK_FILE, TASK_VMA -> !a.filtered();
            case BPF_MAP -> true;
            case BPF_MAP_ELEM -> false;
        };
    }

    /**
     * The number a task link's filter names, for the "names a real task here" check: 0 when it names
     * the creating task's own process ({@code self}: the driver's own pid on the kernel), a scenario
     * task ({@code tid NAME}: its driver's pid) or none.
     */
    static int filterNumber(Attach a) {
        // tid NAME: the check passes that task's driver pid (Side.Session.namedTask), not this number
        return a.own() || a.task() != null ? 0 : a.tid() != 0 ? a.tid() : a.pid();
    }
}
