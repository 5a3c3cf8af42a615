package bpflife.loadtest;

import bpflife.actors.LiveRun;
import bpflife.actors.Registries;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldEnded;
import bpflife.loadtest.report.Check;
import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.OpenModel;
import bpflife.loadtest.report.Second;
import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Store;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SequencedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One load run on the live actor system with the durable journal: generates the workload, records
 * the world, runs setup, then starts the work as the settings say (readers kept at the
 * concurrency until every session has run, updaters, unlinkers and pollers at their periods),
 * stops by duration, call count or when every session has run, waits for the world to be quiet,
 * and ends with the balance check ({@link Balance}, the counts, a replay of the journal's first
 * steps through the deterministic runtime).
 */
public final class LoadRun {

    /** What a progress line shows, once a second. */
    public record Progress(long seconds, long sessionsRun, int sessions, long alive, long opsPerSecond,
                           long eventsPerSecond, long errors, long timeouts) {}

    /** Who follows the run: a progress line each second, and a note now and then. */
    @FunctionalInterface
    public interface Watcher {
        void second(Progress p);

        /** A one-off figure (the heap with every held session open). */
        default void note(String line) {
        }

        /**
         * The latencies (nanoseconds) of the calls of {@code op} that completed during {@code second}
         * of the timeline, told as each second closes (the report's latencies over time). The
         * histogram is reused once this returns: read or copy it here, do not keep it.
         */
        default void latencies(int second, String op, org.HdrHistogram.Histogram latency) {
        }

        /** A phase after the work has started ({@code waiting for the calls in flight}, ...): it may take seconds. */
        default void phase(String what) {
        }
    }

    /** The world could not even be set up (its setup task did not finish). */
    public static final class SetupFailed extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        SetupFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final long TICK_MS = 100;
    private static final String ALL_RUN = "every session has run";
    private static final String WINDOW_OVER = "the arrival window is over";

    /** The world stopped (a journal write failed, an interrupt): stop its objects, mark it, the error to throw. */
    private LiveWorld.Stopped halted() {
        world.closing();
        world.registry().stopAll();
        return LiveWorlds.ended(store, world.stopped(), world.steps());
    }

    private final Store store;
    private final LoadSettings s;
    private final Workload workload;
    private final Env env;
    private final LiveWorld world;
    private final DeferredStarts starts;
    private final Metrics metrics;
    private final Set<String> readers;
    private final AtomicInteger nextReader = new AtomicInteger();
    private final AtomicLong readersExited = new AtomicLong();
    private final AtomicLong tasksStarted = new AtomicLong();
    private final AtomicLong tasksExited = new AtomicLong();
    /** Tasks this driver started that have not exited yet. */
    private final Set<TaskId> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger[] periodic = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final CompletableFuture<Void> setupDone = new CompletableFuture<>();
    private final CompletableFuture<String> stopped = new CompletableFuture<>();
    private final List<Second> timeline = new ArrayList<>();
    private volatile boolean stopping;
    private final Set<String> holders;
    private final Set<TaskId> heldChildren;
    /** Holders' children their parent has forked so far. */
    private final Set<TaskId> heldForked = ConcurrentHashMap.newKeySet();
    /** Forked children not let through yet, in fork order; how many let through are running. */
    private final ConcurrentLinkedQueue<TaskId> heldWaiting = new ConcurrentLinkedQueue<>();
    private int heldRunning;
    private final AtomicLong holdersExited = new AtomicLong();
    private final AtomicBoolean heldReleased = new AtomicBoolean();
    private volatile Watcher watcher;
    private long baseline;

    private final LoadClock clock;
    /** The open model's driver, or null (closed model). */
    private volatile ArrivalDriver arrivals;
    private volatile Thread arrivalThread;

    private LoadRun(Store store, LoadSettings s, LoadClock clock) {
        this.store = store;
        this.s = s;
        this.clock = clock;
        this.workload = Workload.generate(s.shape());
        Scenario sc = ScenarioParser.parse(Workload.NAME + ".scn", workload.text());
        this.env = new Env(sc, s.semantics());
        this.world = new LiveWorld(s.world(), env, Registries.forNewWorld(store.system())); // created by run(), before any object
        this.starts = new DeferredStarts(world, workload.deferred());
        world.countGone(); // the balance takes the gone objects' counts (Balance.of): nothing kept per freed file
        this.metrics = new Metrics(clock, this::exited, this::forked);
        this.readers = Set.copyOf(workload.readers());
        this.holders = Set.copyOf(workload.readers().subList(0, workload.held().size()));
        this.heldChildren = workload.held().stream().map(TaskId::new).collect(Collectors.toUnmodifiableSet());
    }

    /** Runs the load; the summary's checks say whether the run balanced. */
    public static LoadSummary run(Store store, LoadSettings s, Watcher progress) {
        return run(store, s, progress, LoadClock.system());
    }

    /** Runs the load with arrivals and latencies on {@code clock} (a test's simulated clock). */
    public static LoadSummary run(Store store, LoadSettings s, Watcher progress, LoadClock clock) {
        return new LoadRun(store, s, clock).run(progress);
    }

    private LoadSummary run(Watcher progress) {
        Duration askTimeout = store.settings().timeout();
        Scenario sc = env.scenario();
        await(LiveRun.create(store.system(), LiveWorlds.meta(s.world(), sc, workload.text(), s.semantics()),
                askTimeout).toCompletableFuture(), askTimeout, "recording the world");
        world.listener(metrics);
        LiveRun.boot(world, workload.deferred());
        try {
            // in slices: a world that stops (a failed write, an interrupt) ends the wait at once
            long deadline = System.nanoTime() + askTimeout.toNanos();
            while (true) {
                try {
                    setupDone.get(100, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException slice) {
                    if (world.stopped() != null) {
                        throw halted();
                    }
                    if (System.nanoTime() > deadline) {
                        throw slice;
                    }
                }
            }
        } catch (LiveWorld.Stopped stop) {
            throw stop;
        } catch (Exception e) {
            world.closing();
            world.registry().stopAll();
            throw new SetupFailed("the workload's setup did not finish within " + askTimeout.toSeconds() + " s", e);
        }

        watcher = progress;
        if (!workload.held().isEmpty()) {
            baseline = heapAfterGc();
        }
        Instant started = Instant.now();
        long t0 = clock.nanoTime();
        if (s.openModel()) {
            arrivals = new ArrivalDriver(clock, s.arrivals(), s.concurrency(), s.lateAfter().toNanos(), t0,
                    this::arrived, this::stop);
            arrivalThread = new Thread(arrivals, "bpflife-load-arrivals");
            arrivalThread.setDaemon(true);
            arrivalThread.start();
        } else {
            for (int i = 0; i < s.concurrency(); i++) {
                startReader();
            }
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bpflife-load-ticker");
            t.setDaemon(true);
            return t;
        });
        Ticker tick = new Ticker(t0, progress);
        ticker.scheduleAtFixedRate(tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        String reason;
        try {
            reason = stopped.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        } catch (ExecutionException e) {
            reason = "failed: " + e.getCause();
        }
        if (arrivals != null) {
            arrivals.close();
            arrivalThread.interrupt();
        }
        if (world.stopped() != null) {
            ticker.shutdownNow();
            throw halted();
        }
        releaseHeld();
        awaitHeldLetGo();
        int dropped = starts.drop();
        List<Check> checks = new ArrayList<>();
        try {
            watcher.phase("waiting for the calls in flight to finish");
            drain();
        } catch (TimeoutException e) {
            checks.add(new Check("the world became quiet", false, world.inFlight() + " messages still in flight "
                    + "and no step persisted for " + s.quiesceTimeout().toSeconds() + " s after the work stopped"));
        } catch (ExecutionException e) {
            checks.add(new Check("the run completed", false, String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("the run completed", false, "interrupted"));
        }
        ticker.shutdownNow();
        long end = clock.nanoTime();
        tick.second(end, true);
        metrics.expire(end, s.callTimeout().toNanos());

        SequencedMap<ActorId, ObjectState> states = null;
        try {
            watcher.phase("reading every object's final state");
            states = await(LiveRun.states(store.system(), world, askTimeout).toCompletableFuture(), askTimeout,
                    "reading the final states");
        } catch (RuntimeException e) {
            // an object whose journal write failed has stopped: it cannot answer
            checks.add(new Check("every object's final state read", false, e.getMessage()));
        }
        world.closing();
        world.registry().stopAll();

        if (reason.startsWith("stalled")) {
            checks.add(new Check("the world kept moving", false, reason));
        }
        Balance.Sessions sessions = states == null ? new Balance.Sessions(0, metrics.alive())
                : Balance.sessions(states, world.goneCounted());
        long events = states == null ? metrics.steps.get() + metrics.births.get() + 1
                : balance(states, sessions, dropped, checks);
        // a load stopped by its duration or call count (or stalled, or with tasks never started) is a prefix
        ArrivalDriver.Outcome arrived = arrivals == null ? null : arrivals.outcome();
        WorldEnded.Status status = (reason.equals(ALL_RUN) || arrived != null && arrived.notStarted() == 0
                && reason.equals(WINDOW_OVER)) && dropped == 0 && states != null
                ? WorldEnded.Status.COMPLETE : WorldEnded.Status.STOPPED;
        try {
            watcher.phase("recording the world's end");
            LiveWorlds.end(store, new WorldEnded(s.world(), status, metrics.steps.get(), reason));
        } catch (RuntimeException e) {
            checks.add(new Check("the world's end recorded", false, e.getMessage()));
        }
        String db = store.settings().db().name().toLowerCase(Locale.ROOT);
        return new LoadSummary(s.describe(db), db, s.world(), s.semantics().name(),
                s.seed(), started, Duration.ofNanos(end - t0), events, metrics.opened.get(), metrics.closed.get(),
                sessions.alive(), metrics.peakAlive.get(), metrics.stats(), List.copyOf(timeline), List.copyOf(checks),
                machine(), arrived == null ? null : new OpenModel(s.arrivals().describe(), s.arrivals().window(),
                        s.concurrency(), s.lateAfter(), arrived.scheduled(), arrived.started(), arrived.late(),
                        arrived.notStarted(), readersExited.get(), arrived.startDelay()));
    }

    /** The balance check over the quiet world's final states; returns the events the run persisted. */
    private long balance(SequencedMap<ActorId, ObjectState> states, Balance.Sessions sessions, int dropped,
                         List<Check> checks) {
        checks.addAll(Balance.of(states, world.goneCounted()));
        checks.add(dumps());
        checks.add(tasks(dropped));
        long opened = metrics.opened.get();
        long closed = metrics.closed.get();
        checks.add(new Check("opens = closes + alive", opened == closed + sessions.alive() && opened == sessions.all(),
                opened + " opened = " + closed + " closed + " + sessions.alive() + " alive"
                        + (opened == sessions.all() ? "" : "; but the world holds " + sessions.all() + " sessions")));
        long births = states.keySet().stream().filter(id -> !(id instanceof ActorId.ServiceId)).count()
                + Balance.total(world.goneCounted());
        long events = metrics.steps.get() + births + 1;
        watcher.phase("counting the world's entries in the journal");
        checks.add(JournalCount.check(store, s.world(), events, metrics.steps.get(), births));
        watcher.phase("replaying the first " + Math.min(s.replaySteps(), metrics.steps.get())
                + " steps through the deterministic runtime");
        checks.add(Sample.replay(store, s.world(), env, s.replaySteps(), metrics.steps.get()));
        return events;
    }

    /**
     * Waits for the work started to finish: as long as it takes while steps are persisted, but no
     * longer than the quiesce timeout without one.
     */
    private void drain() throws TimeoutException, ExecutionException, InterruptedException {
        long steps = -1;
        long lastMove = System.nanoTime();
        while (true) {
            try {
                world.quiet().get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                if (metrics.steps.get() != steps) {
                    steps = metrics.steps.get();
                    lastMove = now;
                } else if (now - lastMove > s.quiesceTimeout().toNanos()) {
                    throw e;
                }
            }
        }
    }

    private Check dumps() {
        List<String> bad = metrics.badDumps();
        return new Check("every dump read to EOF is complete", bad.isEmpty(), bad.isEmpty()
                ? metrics.dumpsChecked.get() + " dumps read to EOF: each one END, every object line, one prog"
                : bad.size() + " of " + metrics.dumpsChecked.get() + " dumps are not: " + Balance.first(bad));
    }

    private Check tasks(int dropped) {
        long started = tasksStarted.get();
        long exited = tasksExited.get();
        String what = Math.min(nextReader.get(), workload.readers().size()) + " readers, " + periodic[0].get()
                + " updaters, " + periodic[1].get() + " unlinkers, " + periodic[2].get() + " pollers"
                + (workload.held().isEmpty() ? "" : ", " + heldForked.size() + " holders' children") + " started";
        return new Check("tasks started = tasks exited", started == exited, started + " started, " + exited
                + " exited (" + what + "; " + dropped + " never started: the run stopped first)");
    }

    // ---- starting work ----

    private void exited(TaskId t) {
        if (t.name().equals(Scenario.SETUP)) {
            setupDone.complete(null);
            return;
        }
        if (running.remove(t)) { // not a fork's child, except the holders' (the driver lets those go)
            tasksExited.incrementAndGet();
            if (heldChildren.contains(t)) {
                heldExited();
            }
        }
        if (holders.contains(t.name()) && holdersExited.incrementAndGet() == holders.size()) {
            parked();
        }
        if (readers.contains(t.name()) && readersExited.incrementAndGet() == workload.readers().size()) {
            stop(ALL_RUN);
        } else if (readers.contains(t.name()) && arrivals != null) {
            arrivals.exited();
        } else if (readers.contains(t.name()) && !stopping) {
            startReader();
        }
    }

    /** Every holder has opened its session and left it to its child, not started yet: sessions alive, idle. */
    private void parked() {
        long alive = metrics.alive();
        long heap = heapAfterGc() - baseline;
        watcher.note(String.format(Locale.ROOT, "held sessions: %,d open at once, idle; the heap grew %,.1f MiB "
                        + "(after GC) since the readers started: %,.1f KiB per held session (its file and session "
                        + "actors, the child task, the exited parent, and a share of everything else made since)",
                alive, heap / 1048576.0, heap / 1024.0 / Math.max(1, alive)));
        releaseHeld();
    }

    /**
     * Lets the holders' children read their sessions out, at most the concurrency at a time (all
     * at once would be a burst of thousands of writes); each child's exit lets the next one go.
     */
    private void releaseHeld() {
        heldReleased.set(true);
        pumpHeld();
    }

    private void forked(TaskId child) {
        if (heldChildren.contains(child)) {
            heldForked.add(child);
            heldWaiting.add(child);
            if (heldReleased.get()) {
                pumpHeld();
            }
        }
    }

    private synchronized void pumpHeld() {
        while (heldRunning < s.concurrency() && !heldWaiting.isEmpty()) {
            TaskId child = heldWaiting.poll();
            if (running.add(child) && starts.start(child)) {
                tasksStarted.incrementAndGet();
                heldRunning++;
            }
        }
        if (heldWaiting.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * Waits until every holder's child forked so far has been let go (they go at the concurrency):
     * the deferred starts left are dropped next, and a child dropped would never read its session
     * out. Gives up when no step is persisted for the quiesce timeout.
     */
    private synchronized void awaitHeldLetGo() {
        long steps = -1;
        long lastMove = System.nanoTime();
        while (!heldWaiting.isEmpty() && System.nanoTime() - lastMove < s.quiesceTimeout().toNanos()) {
            if (metrics.steps.get() != steps) {
                steps = metrics.steps.get();
                lastMove = System.nanoTime();
            }
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void heldExited() {
        heldRunning--;
        pumpHeld();
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private void startReader() {
        start(workload.readers(), nextReader.getAndIncrement(), clock.nanoTime());
    }

    /** The open model: reader {@code i} is due (at {@code due}); starts it. */
    private boolean arrived(int i, long due) {
        if (stopping) {
            return false;
        }
        nextReader.incrementAndGet();
        return start(workload.readers(), i, due);
    }

    private void startPeriodic(int kind, List<String> pool) {
        if (start(pool, periodic[kind].get(), clock.nanoTime())) {
            periodic[kind].incrementAndGet();
        }
    }

    /**
     * Starts the pool's i-th task, if there is one and it was not started yet, meant to start at
     * {@code meant} (its first call's latency runs from then); true when it started.
     */
    private boolean start(List<String> pool, int i, long meant) {
        TaskId t = i < pool.size() ? new TaskId(pool.get(i)) : null;
        if (t != null && running.add(t)) {
            metrics.intended(t, meant);
        } else {
            return false;
        }
        if (starts.start(t)) {
            tasksStarted.incrementAndGet();
            metrics.births.incrementAndGet(); // the driver's start is the task's birth event
            return true;
        }
        return false;
    }

    /** Every 100 ms: periodic work, timeouts, the stop conditions; every second a timeline entry and progress. */
    private final class Ticker implements Runnable {
        private final long t0;
        private final Watcher progress;
        private long lastOps;
        private long lastEvents;
        private long lastErrors;
        private long lastSteps = -1;
        private long lastMove;

        Ticker(long t0, Watcher progress) {
            this.t0 = t0;
            this.progress = progress;
            this.lastMove = System.nanoTime();
        }

        @Override
        public void run() {
            try {
                long now = clock.nanoTime();
                long real = System.nanoTime();
                long ms = (now - t0) / 1_000_000;
                if (!stopping) {
                    periodic(0, s.updateEvery(), workload.updaters(), ms);
                    periodic(1, s.rmEvery(), workload.unlinkers(), ms);
                    periodic(2, s.pollEvery(), workload.pollers(), ms);
                }
                metrics.expire(now, s.callTimeout().toNanos());
                second(now, false);
                long steps = metrics.steps.get();
                if (steps != lastSteps) {
                    lastSteps = steps;
                    lastMove = real; // a stall is measured on the machine's clock, whatever the load clock
                }
                if (world.quiet().isCompletedExceptionally()) {
                    stop("the world failed");
                } else if (!s.openModel() && s.duration() != null && ms >= s.duration().toMillis()) {
                    stop("the duration is over");
                } else if (s.ops() > 0 && metrics.calls.sum() >= s.ops()) {
                    stop(s.ops() + " calls done");
                } else if (real - lastMove > s.quiesceTimeout().toNanos()) {
                    stop("stalled: no step persisted for " + s.quiesceTimeout().toSeconds() + " s");
                }
            } catch (RuntimeException e) {
                stopped.completeExceptionally(e);
            }
        }

        private void periodic(int kind, Duration every, List<String> pool, long ms) {
            if (every.isZero()) {
                return;
            }
            long due = ms / every.toMillis();
            while (periodic[kind].get() < Math.min(due, pool.size())) {
                int before = periodic[kind].get();
                startPeriodic(kind, pool);
                if (periodic[kind].get() == before) {
                    return;
                }
            }
        }

        /** Adds the timeline's entries for every whole second passed, and at the end the last part second. */
        void second(long now, boolean last) {
            synchronized (timeline) {
                long secs = (now - t0) / 1_000_000_000L;
                while (timeline.size() < secs) {
                    Second sec = add();
                    progress.second(new Progress(timeline.size(), readersExited.get(), workload.readers().size(),
                            sec.sessionsAlive(), sec.ops(), sec.events(), metrics.errors.sum(), metrics.timeouts()));
                }
                if (last) {
                    add();
                }
            }
        }

        private Second add() {
            long ops = metrics.calls.sum();
            long events = metrics.steps.get() + metrics.births.get();
            long errors = metrics.errors.sum();
            Second sec = new Second(timeline.size(), ops - lastOps, events - lastEvents, metrics.alive(),
                    errors - lastErrors);
            timeline.add(sec);
            metrics.intervals((op, h) -> progress.latencies(sec.second(), op, h));
            lastOps = ops;
            lastEvents = events;
            lastErrors = errors;
            return sec;
        }
    }

    private void stop(String reason) {
        stopping = true;
        stopped.complete(reason);
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return rt.availableProcessors() + " cores, max heap " + rt.maxMemory() / (1024 * 1024) + " MiB, Java "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took longer than " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
