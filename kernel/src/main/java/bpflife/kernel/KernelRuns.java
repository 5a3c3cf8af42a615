package bpflife.kernel;

import bpflife.explore.ExhaustiveSearch;
import bpflife.explore.Outcomes;
import bpflife.explore.WorldKey;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.SeqSession;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.Syscall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code kernel FILE --runs K}, as klitmus7 runs a litmus test: the scenario K times on the real
 * kernel with its tasks at once (one thread and one driver process per task, setup first, a
 * forked task from its fork on, {@code signal}/{@code wait} as real one-shot events), and the
 * histogram of the outcomes observed ({@link FidelityOutcome}) beside the model's outcome set
 * (every terminal state of its exhaustive search, stated the same way). An outcome observed that
 * the model does not allow is a fidelity failure, reported with that run's trace; an outcome the
 * model allows and no run showed is information (the kernel's timing may never produce it).
 *
 * <p>Assumptions: the model's set is complete only if its search was (else an outcome outside it
 * proves nothing, and the result says so). Runs are real races: nothing is serialized, and no run
 * waits for pending kernel work between calls; the final listings are taken once no link of the
 * run is dying, as the model's terminal states have no work pending.
 */
public final class KernelRuns {
    private KernelRuns() {}

    /** One outcome the kernel showed: in how many runs, and the trace of the first of them. */
    public record Observed(Outcomes.Result outcome, int runs, int firstRun, List<String> trace, boolean allowed) {}

    /**
     * @param modelStates   distinct terminal states of the model per outcome
     * @param modelComplete the model's search saw every state
     * @param observed      the kernel's outcomes, by count (most first)
     * @param neverObserved the model's outcomes no run showed
     * @param order         the forced order of the calls ({@code entered}, {@code returned}), or null for real races
     */
    public record Histogram(String scenario, int runs, Map<Outcomes.Result, Long> modelStates, boolean modelComplete,
                            long modelTerminal, List<Observed> observed, List<Outcomes.Result> neverObserved,
                            String skipReason, List<String> notes, CallOrder order) {
        public Histogram(String scenario, int runs, Map<Outcomes.Result, Long> modelStates, boolean modelComplete,
                         long modelTerminal, List<Observed> observed, List<Outcomes.Result> neverObserved,
                         String skipReason, List<String> notes) {
            this(scenario, runs, modelStates, modelComplete, modelTerminal, observed, neverObserved, skipReason, notes,
                    null);
        }

        /** Some run showed an outcome the model does not allow (and the model's set is complete). */
        public boolean fidelityFailure() {
            return observed.stream().anyMatch(o -> !o.allowed());
        }

        public boolean skipped() {
            return skipReason != null;
        }
    }

    /**
     * The model's side of a scenario's histograms: every terminal state of its exhaustive search (at
     * most {@code stateLimit} states), stated as outcomes. Searched when a histogram first needs it
     * and kept, so that the histograms of one scenario in several orders search it once.
     */
    public static final class ModelOutcomes {
        private final Scenario sc;
        private final long stateLimit;
        private Searched searched;

        /**
         * What the search found: distinct terminal states per outcome, whether it saw every state, how
         * many, and whether some dump of some terminal state walks the machine's objects (true when the
         * search is incomplete: a state it did not reach may have one).
         */
        private record Searched(Map<Outcomes.Result, Long> states, boolean complete, long terminal,
                                boolean machineWalk) {}

        public ModelOutcomes(Scenario sc, long stateLimit) {
            this.sc = sc;
            this.stateLimit = stateLimit;
        }

        public Scenario scenario() {
            return sc;
        }

        /**
         * Whether a run may walk the machine's objects ({@link ModelTrace#machineWalk}: every map, every
         * task, the root cgroup's tree), so that what another run on the machine makes meanwhile is in its
         * dump: two such runs at once can show what neither would alone.
         */
        public boolean walksTheMachine() {
            return searched().machineWalk();
        }

        private synchronized Searched searched() {
            if (searched == null) {
                ExhaustiveSearch.Outcome o = new ExhaustiveSearch(new Env(sc, Semantics.LINUX), true, stateLimit,
                        true, null).run();
                TreeMap<Outcomes.Result, Long> states = new TreeMap<>();
                boolean machineWalk = !o.stats().complete();
                for (WorldKey k : o.finalStates()) {
                    states.merge(FidelityOutcome.model(sc, k.objects()), 1L, Long::sum);
                    machineWalk = machineWalk || k.objects().values().stream().anyMatch(s -> s instanceof SeqSession.State ss
                            && ModelTrace.machineWalk(ss.template().target(), ss.template().attach()));
                }
                searched = new Searched(Collections.unmodifiableMap(states), o.stats().complete(),
                        o.finalStates().size(), machineWalk);
            }
            return searched;
        }
    }

    /**
     * The histogram of {@code runs} kernel runs against the model side (searched now if no histogram of
     * the scenario has searched it yet); with {@code forced}, every run makes the calls one at a
     * time in the model's serialized order (as the single kernel check does, {@link ModelTrace}: entered
     * or returned) instead of racing, so that a histogram per order shows what each order gives on the
     * kernel, run after run.
     */
    public static Histogram run(ModelOutcomes modelOutcomes, int runs, Duration timeout, Consumer<String> notes,
                                CallOrder forced) {
        Scenario sc = modelOutcomes.scenario();
        List<String> noted = Collections.synchronizedList(new ArrayList<>());
        Consumer<String> note = s -> {
            noted.add(s);
            notes.accept(s);
        };
        String why = KernelCheck.unsupported(sc);
        long faults = sc.tasks().stream().flatMap(t -> t.body().stream())
                .filter(st -> st.call() instanceof Syscall.LinkCreate lc && lc.fault() != null).count();
        if (why == null && faults > 0) {
            // the rest of the scenario runs: the call is not made on the kernel and its task ends there, as the
            // model's does after the failure; the outcomes state neither side's result of it (FidelityOutcome)
            note.accept(faults + " link create(s) with fault injection not run on the kernel and not compared "
                    + "(bpf_link_prime cannot be made to fail on demand); their tasks end there on both sides");
        }
        if (why != null) {
            return new Histogram(sc.name(), runs, Map.of(), false, 0, List.of(), List.of(), why, noted);
        }
        // the model's side: every terminal state of the exhaustive search
        ModelOutcomes.Searched searched = modelOutcomes.searched();
        Map<Outcomes.Result, Long> model = searched.states();
        ModelTrace serial = ModelTrace.run(sc, Semantics.LINUX, null, forced == null ? CallOrder.ENTERED : forced);
        Side modelSide = serial.side;
        Host host;
        Path exe;
        try {
            host = Host.check(note);
            if (KernelCheck.usesCgroups(sc) && host.cgroup2() == null) {
                throw new SkippedException("the scenario uses cgroups and no cgroup v2 hierarchy is mounted");
            }
            exe = DriverBuild.driver(note);
            try (Workspace ws = new Workspace(host, note)) {
                KernelCheck.probe(ws, exe, KernelCheck.targets(sc), timeout);
            }
        } catch (SkippedException e) {
            return new Histogram(sc.name(), runs, model, searched.complete(), searched.terminal(),
                    List.of(), List.of(), e.reason(), noted);
        }
        Map<Outcomes.Result, Observed> seen = new TreeMap<>();
        for (int i = 1; i <= runs; i++) {
            List<String> trace = Collections.synchronizedList(new ArrayList<>());
            Outcomes.Result r;
            try (Workspace ws = new Workspace(host, note)) {
                KernelRun kr = new KernelRun(sc, ws, exe, timeout, modelSide, forced == null);
                if (forced == null) {
                    runOnce(sc, kr, trace, timeout);
                } else {
                    runSerial(serial, kr, trace);
                }
                kr.finish();
                int extra = ws.cgroupDir == null || host.cgroup2() == null ? 0
                        : host.cgroup2().relativize(ws.cgroupDir).getNameCount();
                r = FidelityOutcome.kernel(sc, kr, modelSide, extra);
            } catch (SkippedException e) {
                return new Histogram(sc.name(), runs, model, searched.complete(),
                        searched.terminal(), List.of(), List.of(), e.reason(), noted);
            }
            Observed was = seen.get(r);
            int run = i;
            seen.put(r, was == null ? new Observed(r, 1, run, List.copyOf(trace), model.containsKey(r))
                    : new Observed(r, was.runs() + 1, was.firstRun(), was.trace(), was.allowed()));
        }
        List<Observed> observed = new ArrayList<>(seen.values());
        observed.sort((a, b) -> b.runs() != a.runs() ? Integer.compare(b.runs(), a.runs())
                : a.outcome().compareTo(b.outcome()));
        List<Outcomes.Result> never = model.keySet().stream().filter(o -> !seen.containsKey(o)).toList();
        return new Histogram(sc.name(), runs, model, searched.complete(), searched.terminal(),
                List.copyOf(observed), never, null, noted, forced);
    }

    /** One run in a forced order: the model's serialized steps, one call at a time. */
    private static void runSerial(ModelTrace serial, KernelRun kr, List<String> trace) {
        for (ModelTrace.Step s : serial.steps) {
            kr.step(s);
            if (s.stmt() != null) {
                bpflife.kernel.Observed o = kr.side.calls.get(Side.key(s.task(), s.pc()));
                trace.add(s.task() + ": " + s.stmt().text() + "  = " + (o == null ? "?" : o.shown()));
            }
        }
    }

    /** One run: setup alone, then every task at once on its own thread (a forked one from its fork). */
    private static void runOnce(Scenario sc, KernelRun kr, List<String> trace, Duration timeout) {
        Map<String, CountDownLatch> events = new ConcurrentHashMap<>();
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
        runTask(sc, sc.setup(), kr, trace, events, threads, failed, timeout, null);
        // every task's driver process is up before any task makes its first call, and the threads
        // start together: a process start between one task's calls and the next's would order them
        CountDownLatch go = new CountDownLatch(1);
        for (TaskDef t : sc.tasks()) {
            if (!t.forked()) {
                kr.prepare(t.name());
            }
        }
        for (TaskDef t : sc.tasks()) {
            if (!t.forked()) {
                start(sc, t, kr, trace, events, threads, failed, timeout, go);
            }
        }
        go.countDown();
        for (int joined = 0; joined < threads.size(); joined++) { // forks add threads while we join
            Thread th = threads.get(joined);
            try {
                th.join(timeout.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the kernel run's tasks ran", e);
            }
            if (th.isAlive()) {
                throw new IllegalStateException("task thread " + th.getName() + " did not finish within "
                        + timeout.multipliedBy(4).toSeconds() + " s");
            }
        }
        if (!failed.isEmpty()) {
            Throwable f = failed.get(0);
            throw f instanceof RuntimeException re ? re : new IllegalStateException(f);
        }
    }

    private static void start(Scenario sc, TaskDef t, KernelRun kr, List<String> trace,
                              Map<String, CountDownLatch> events, List<Thread> threads, List<Throwable> failed,
                              Duration timeout, CountDownLatch go) {
        Thread th = new Thread(() -> {
            try {
                runTask(sc, t, kr, trace, events, threads, failed, timeout, go);
            } catch (RuntimeException | Error e) {
                failed.add(e);
            }
        }, "bpflife-task-" + t.name());
        th.setDaemon(true);
        threads.add(th);
        th.start();
    }

    private static void runTask(Scenario sc, TaskDef t, KernelRun kr, List<String> trace,
                                Map<String, CountDownLatch> events, List<Thread> threads, List<Throwable> failed,
                                Duration timeout, CountDownLatch go) {
        kr.started.add(t.name());
        if (go != null) {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int pc = 0; pc < t.body().size(); pc++) {
            Stmt st = t.body().get(pc);
            switch (st.call()) {
                case Syscall.Signal s -> events.computeIfAbsent(s.name(), k -> new CountDownLatch(1)).countDown();
                case Syscall.Wait w -> {
                    try {
                        if (!events.computeIfAbsent(w.name(), k -> new CountDownLatch(1))
                                .await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException(t.name() + ": 'wait " + w.name() + "' was not signalled "
                                    + "within " + timeout.toSeconds() + " s");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                default -> { }
            }
            kr.step(new ModelTrace.Step(ModelTrace.Kind.CALL, t.name(), pc, st, null, 1, true));
            bpflife.kernel.Observed o = kr.side.calls.get(Side.key(t.name(), pc));
            trace.add(t.name() + ": " + st.text() + "  = " + (o == null ? "?" : o.shown()));
            if (st.call() instanceof Syscall.Fork f && o != null && "ok".equals(o.word())) {
                start(sc, sc.task(f.child()), kr, trace, events, threads, failed, timeout, null);
            }
            if (st.call() instanceof Syscall.Exit) {
                break;
            }
        }
        kr.step(new ModelTrace.Step(ModelTrace.Kind.EXIT, t.name(), -1, null, null, 0, true));
        trace.add(t.name() + ": (exit)");
    }
}
