package bpflife.kernel;

import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.Choice;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Syscall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The kernel differential check of one scenario: the model's deterministic run gives the order
 * of the calls; the same calls run on the real kernel in that order, one at a time, one driver
 * process per task; the two are compared observable by observable ({@link KernelReport}).
 *
 * <p>Not run (never an agreement), with the reason: not root, no kernel BTF, no bpffs that can be
 * mounted, the driver's build tools missing, a statement no real kernel can run as written (a path
 * outside /sys/fs/bpf, cgroups without a cgroup v2 mount), or a target whose iterator programs the
 * kernel refuses. Every pin, link, prog and session the run made is gone at
 * the end, also after a failure or Ctrl-C ({@link Workspace}).
 */
public final class KernelCheck {
    private KernelCheck() {}

    /**
     * @param schedule    the model's schedule to replay (a journal's deliveries), or null for first-enabled
     * @param order       serialize the model's calls in the order they entered or returned
     * @param callTimeout a driver that does not answer a call within this is killed and the run fails
     * @param beforeStep  for tests: called with each step's number (from 0) before the kernel makes it
     *                    (it may throw, to fail the run on purpose, or block); null: none
     * @param editModel   for tests: change the model's side before the comparison; null: none
     */
    public record Options(List<Choice> schedule, CallOrder order, Duration callTimeout, IntConsumer beforeStep,
                          Consumer<Side> editModel) {
        public static final Options DEFAULT = new Options(null, CallOrder.ENTERED, Duration.ofSeconds(60), null, null);

        public Options withSchedule(List<Choice> s) {
            return new Options(s, order, callTimeout, beforeStep, editModel);
        }

        public Options withOrder(CallOrder o) {
            return new Options(schedule, o, callTimeout, beforeStep, editModel);
        }

        Options withBeforeStep(IntConsumer hook) {
            return new Options(schedule, order, callTimeout, hook, editModel);
        }

        Options withEditModel(Consumer<Side> edit) {
            return new Options(schedule, order, callTimeout, beforeStep, edit);
        }
    }

    /** What the kernel refused to load, per target, once per JVM. */
    private static final Map<IterTarget, String> REFUSED = new EnumMap<>(IterTarget.class);
    private static final Set<IterTarget> PROBED = EnumSet.noneOf(IterTarget.class);

    /**
     * Runs the check. Returns a not-run report (with its reason) when it cannot run here; throws
     * when the model's schedule does not apply ({@link bpflife.explore.ReplayStrategy.Mismatch}),
     * the driver does not build, or a driver fails.
     */
    public static KernelReport run(Scenario sc, Options options, Consumer<String> notes) {
        List<String> noted = new ArrayList<>();
        Consumer<String> note = s -> {
            noted.add(s);
            notes.accept(s);
        };
        ModelTrace trace = ModelTrace.run(sc, Semantics.LINUX, options.schedule(), options.order());
        String scheduler = options.schedule() == null ? "first-enabled" : "replayed (" + options.schedule().size()
                + " deliveries)";
        try {
            String why = unsupported(sc);
            if (why != null) {
                throw new SkippedException(why);
            }
            Host host = Host.check(note);
            if (usesCgroups(sc) && host.cgroup2() == null) {
                throw new SkippedException("the scenario uses cgroups and no cgroup v2 hierarchy is mounted");
            }
            Path exe = DriverBuild.driver(note);
            try (Workspace ws = new Workspace(host, note)) {
                probe(ws, exe, targets(sc), options.callTimeout());
                KernelRun kr = new KernelRun(sc, ws, exe, options.callTimeout(), trace.side);
                int n = 0;
                for (ModelTrace.Step s : trace.steps) {
                    if (options.beforeStep() != null) {
                        options.beforeStep().accept(n);
                    }
                    n++;
                    kr.step(s);
                }
                kr.finish();
                if (options.editModel() != null) {
                    options.editModel().accept(trace.side);
                }
                // bpftool's own listing of the kernel's objects against the model's, field by field
                BpftoolListing.Outcome listing = BpftoolListing.check(sc, trace.run, trace.side, kr.side, ws::bpffs);
                return KernelReport.of(trace, kr, host, ws, scheduler, noted, listing);
            }
        } catch (SkippedException e) {
            return KernelReport.skipped(sc.name(), sc.file(), e.reason(), noted);
        }
    }

    /** Why the scenario cannot run on a real kernel as written, or null. */
    static String unsupported(Scenario sc) {
        List<TaskDef> all = new ArrayList<>();
        all.add(sc.setup());
        all.addAll(sc.tasks());
        for (TaskDef t : all) {
            for (Stmt st : t.body()) {
                String where = st.pos() + " '" + st.text() + "'";
                switch (st.call()) {
                    case Syscall.ProgLoad p when p.name().length() > 63 || !p.name().matches("[A-Za-z0-9_.]+") ->
                            { return where + ": the program name must be 1-63 letters, digits, '_' or '.'"; }
                    case Syscall.LinkCreate lc when lc.tidTask() != null && sc.task(lc.tidTask()) != null
                            && sc.task(lc.tidTask()).forked() ->
                            // the model numbers only the tasks the world starts (a forked one's tid names no task
                            // there); on the kernel it is a real process: its pid would ask another question
                            { return where + ": tid " + lc.tidTask() + " names a forked task, which the model gives "
                                    + "no thread id (docs/ITERATION-REFS.md)"; }
                    default -> {
                        for (String path : paths(st.call())) {
                            if (!path.equals(Host.BPFFS.toString()) && !path.startsWith(Host.BPFFS + "/")
                                    || path.contains("/../") || path.endsWith("/..") || path.contains(" ")) {
                                return where + ": " + path + " is not below /sys/fs/bpf (the run's private bpffs "
                                        + "directory stands in for /sys/fs/bpf only)";
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    private static List<String> paths(Syscall c) {
        return switch (c) {
            case Syscall.ObjPin p -> List.of(p.path());
            case Syscall.ObjGet g -> List.of(g.path());
            case Syscall.Open o -> List.of(o.path());
            case Syscall.Unlink u -> List.of(u.path());
            case Syscall.Rename r -> List.of(r.from(), r.to());
            case Syscall.HardLink l -> List.of(l.from(), l.to());
            case Syscall.Mkdir m -> List.of(m.path());
            case Syscall.Rmdir m -> List.of(m.path());
            default -> List.of();
        };
    }

    static boolean usesCgroups(Scenario sc) {
        List<TaskDef> all = new ArrayList<>();
        all.add(sc.setup());
        all.addAll(sc.tasks());
        return all.stream().flatMap(t -> t.body().stream()).anyMatch(st -> st.call() instanceof Syscall.CgroupMkdir
                || st.call() instanceof Syscall.CgroupRmdir || st.call() instanceof Syscall.CgroupOpen);
    }

    static Set<IterTarget> targets(Scenario sc) {
        Set<IterTarget> out = EnumSet.noneOf(IterTarget.class);
        List<TaskDef> all = new ArrayList<>();
        all.add(sc.setup());
        all.addAll(sc.tasks());
        for (TaskDef t : all) {
            for (Stmt st : t.body()) {
                if (st.call() instanceof Syscall.ProgLoad p) {
                    out.add(p.target());
                }
            }
        }
        return out;
    }

    /** Loads one program per target the scenario uses (once per JVM); a refusal skips the scenario. */
    static void probe(Workspace ws, Path exe, Set<IterTarget> targets, Duration timeout) {
        synchronized (REFUSED) {
            Set<IterTarget> todo = EnumSet.copyOf(targets.isEmpty() ? EnumSet.of(IterTarget.TASK) : targets);
            todo.removeAll(PROBED);
            if (!todo.isEmpty()) {
                Driver d;
                try {
                    d = Driver.start(exe, "(probe)", ws.stderrLog("probe"), timeout);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot start the kernel driver " + exe + ": "
                            + e.getMessage(), e);
                }
                ws.register(d);
                for (IterTarget t : todo) {
                    Reply r = d.call("load " + t.kernelName() + " probe 0 0");
                    if (r.ok()) {
                        d.call("close " + r.value(0));
                    } else {
                        Driver probe = d;
                        REFUSED.put(t, Refusal.of(t.kernelName(), r, target -> probe.call("iterprobe " + target)));
                    }
                    PROBED.add(t);
                }
                d.exit();
            }
            for (IterTarget t : targets) {
                if (REFUSED.containsKey(t)) {
                    throw new SkippedException("this kernel refuses iterator programs for target " + t.kernelName()
                            + " (" + REFUSED.get(t) + "): the target is unsupported here");
                }
            }
        }
    }
}
