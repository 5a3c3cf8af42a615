package bpflife.actors;

import bpflife.model.Env;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One live run's context in this JVM: its name (the journal's tag and the persistence ids'
 * prefix), the scenario and semantics every step reads, the registry its objects reach each other
 * through, and the count of model messages in flight that tells the driver when the world is
 * quiet.
 *
 * <p>The count goes up by one for every {@link Command.Deliver} or {@link Command.Born} told, and
 * down by one when the receiving step has persisted and told its own messages; so it reaches zero
 * only when nothing is left to deliver, and never goes back up by itself.
 */
public final class LiveWorld {
    /** The longest world name: it is part of every persistence id (255 characters in the journal's schema). */
    public static final int MAX_NAME = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");

    /** The worlds running in this JVM, for an interrupt to stop (see {@link #interruptAll}). */
    private static final java.util.Set<LiveWorld> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Run once when a world stops abnormally, before anything is logged of it (the CLI quiets the logs). */
    private static volatile Runnable onStop = () -> { };

    /**
     * Why a world stopped before its end: a journal write failed, or it was interrupted. The
     * message is the one line a user sees; {@link #steps()} were acknowledged (durable) by then.
     */
    public static final class Stopped extends bpflife.protocol.UserError {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final String world;
        private final WorldEnded.Status status;
        private final long steps;
        private final String cause;

        Stopped(String world, WorldEnded.Status status, long steps, String message, String cause, Throwable t) {
            super(status == WorldEnded.Status.INTERRUPTED ? Exit.INTERRUPTED : Exit.BAD_INPUT, message, t);
            this.world = world;
            this.status = status;
            this.steps = steps;
            this.cause = cause;
        }

        public String world() {
            return world;
        }

        public WorldEnded.Status status() {
            return status;
        }

        /** The steps acknowledged by the journal before the stop. */
        public long steps() {
            return steps;
        }

        /** The cause in words (the journal's error; "interrupted"). */
        public String cause() {
            return cause;
        }

        /** The same stop, its line followed by {@code note} (whether the world could be marked). */
        public Stopped withNote(String note) {
            Stopped s = new Stopped(world, status, steps, getMessage() + "; " + note, cause, getCause());
            return s;
        }

        /** The world's end to record. */
        public WorldEnded ended() {
            return new WorldEnded(world, status, steps, cause);
        }
    }

    /** Told after every persisted step (tests stop a world mid-run with it; benchmarks count). */
    @FunctionalInterface
    public interface StepListener {
        void persisted(ActorId receiver, StepRecord record);
    }

    private final String name;
    private final Env env;
    private final Registry registry;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final CompletableFuture<Long> quiet = new CompletableFuture<>();
    /** Objects' own sends take it shared; a driver re-sending a stopped world's messages takes it alone. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock sends =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile StepListener listener;
    /** Who waits for a step count ({@link #reaching}): checked after each persisted step. */
    private final java.util.Queue<Reaching> reaching = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean closing;
    /** The driver's say over task starts, or null: every start goes through. */
    private volatile StartGate gate;
    private final java.util.concurrent.atomic.AtomicReference<Stopped> stopped =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** The final states of the objects that can receive nothing more ({@link Gone#summary}). */
    private final java.util.concurrent.ConcurrentHashMap<ActorId, bpflife.model.ObjectState> gone =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** How many gone objects were only counted, by kind (no per-object record: issue 15's soak). */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> counted =
            new java.util.concurrent.ConcurrentHashMap<>();

    public LiveWorld(String name, Env env, Function<LiveWorld, Registry> registry) {
        this.name = checkName(name);
        this.env = env;
        this.registry = registry.apply(this);
        LIVE.add(this);
        onStart.accept(this);
    }

    private record Reaching(long steps, CompletableFuture<Long> done) {}

    private static volatile java.util.function.Consumer<LiveWorld> onStart = w -> { };

    /**
     * Every world made in this JVM from now on is given to {@code observer} as it is made (before it
     * persists anything); null: none. For what watches a run from outside its driver (a test harness).
     */
    public static void onStart(java.util.function.Consumer<LiveWorld> observer) {
        onStart = observer == null ? w -> { } : observer;
    }

    /** Completes with the count once this world has persisted at least {@code n} steps (at once if it has). */
    public CompletableFuture<Long> reaching(long n) {
        Reaching r = new Reaching(n, new CompletableFuture<>());
        reaching.add(r);
        checkReaching(steps.get()); // steps made before the wait was registered
        return r.done();
    }

    private void checkReaching(long count) {
        for (java.util.Iterator<Reaching> it = reaching.iterator(); it.hasNext(); ) {
            Reaching r = it.next();
            if (count >= r.steps()) {
                it.remove();
                r.done().complete(count);
            }
        }
    }

    /**
     * Accepts the names a world may have ({@code [A-Za-z0-9][A-Za-z0-9._-]*}, at most
     * {@value #MAX_NAME} characters), else throws a {@link bpflife.protocol.UserError} (exit 2).
     * Checked before anything is written, so a bad name takes nothing in the journal.
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "" : name.length() > 40 ? name.substring(0, 40) + "..." : name;
            shown = shown.codePoints().mapToObj(c -> c < 0x20 || c == 0x7f
                    ? String.format("\\u%04x", c) : Character.toString(c)).collect(java.util.stream.Collectors.joining());
            String why = name == null || name.isEmpty() ? "it is empty"
                    : name.length() > MAX_NAME ? "it has " + name.length() + " characters, at most " + MAX_NAME
                    : "use letters, digits, '.', '_' and '-', starting with a letter or digit";
            throw new bpflife.protocol.UserError("bad world name '" + shown + "': " + why);
        }
        return name;
    }

    /** Run once when a world stops abnormally (a journal write failed, an interrupt), before it is logged. */
    public static void onStop(Runnable r) {
        onStop = r == null ? () -> { } : r;
    }

    /**
     * Stops every world running in this JVM as interrupted (SIGINT): each driver's wait ends at
     * once with {@link Stopped}. Returns whether any world was running.
     */
    public static boolean interruptAll() {
        boolean any = false;
        for (LiveWorld w : LIVE) {
            any = true;
            w.interrupt();
        }
        return any;
    }

    /** The worlds running in this JVM now. */
    public static java.util.List<LiveWorld> running() {
        return java.util.List.copyOf(LIVE);
    }

    /** Stops this world as interrupted: what the journal acknowledged is kept, the driver's wait ends. */
    public void interrupt() {
        stop(new Stopped(name, WorldEnded.Status.INTERRUPTED, steps.get(), "interrupted: world " + name
                + " stopped after " + steps.get() + " durable steps", "interrupted", null));
    }

    /**
     * The world cannot go on for a reason outside it ({@code message}, the one line a user sees;
     * {@code cause} in words): it stops as failed, what the journal acknowledged kept. A cluster
     * driver removed from its cluster stops its worlds so.
     */
    public void failed(String message, String cause) {
        stop(new Stopped(name, WorldEnded.Status.FAILED, steps.get(), message, cause, null));
    }

    /** A journal write of object {@code id} failed: the world stops at once (the first failure is the one told). */
    void journalFailed(ActorId id, Throwable cause) {
        journalFailed(id, "write", cause);
    }

    /** The journal failed to read ({@code what} "read": an object's recovery) or write: the world stops at once. */
    void journalFailed(ActorId id, String what, Throwable cause) {
        long durable = steps.get();
        String why = cause(cause);
        stop(new Stopped(name, WorldEnded.Status.FAILED, durable, "journal " + what + " failed at world " + name + " step "
                + (durable + 1) + " (" + id + "): " + why + "; " + durable + " steps are durable", why, cause));
    }

    private synchronized void stop(Stopped s) {
        if (stopped.compareAndSet(null, s)) {
            onStop.run();
            closing = true;
            quiet.completeExceptionally(s);
        }
    }

    /** Why the world stopped before its end, or null. */
    public Stopped stopped() {
        return stopped.get();
    }

    /** The innermost cause's message, in words. */
    static String cause(Throwable t) {
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                last = c.getMessage();
            }
        }
        return last == null ? "the journal gave no reason" : last.strip().lines().findFirst().orElse(last);
    }

    /** The tag every journal entry of world {@code name} carries. */
    public static String tag(String name) {
        return "world:" + name;
    }

    public String name() {
        return name;
    }

    public String tag() {
        return tag(name);
    }

    public Env env() {
        return env;
    }

    public Registry registry() {
        return registry;
    }

    public String persistenceId(ActorId id) {
        return Registry.entityId(name, id);
    }

    public void listener(StepListener l) {
        listener = l;
    }

    /** Lets a driver's gate keep task starts (see {@link StartGate}); call before the world boots. */
    public void gate(StartGate g) {
        gate = g;
    }

    /** Sends a model command, counting it in flight. */
    public void tell(ActorId to, Command c) {
        StartGate g = gate;
        if (g != null && to instanceof TaskId t && c instanceof Command.Deliver d && d.msg() instanceof Msg.Start
                && g.keep(t, c)) {
            return;
        }
        var lock = sends.readLock();
        lock.lock();
        try {
            inFlight.incrementAndGet();
            registry.tell(to, c);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code resend} (a driver telling the messages a stopped world still owed) while no
     * object can send: a message an object sends now goes behind every re-sent one on its
     * channel, so each channel stays FIFO across the restart.
     */
    public void alone(Runnable resend) {
        var lock = sends.writeLock();
        lock.lock();
        try {
            resend.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Holds the world open while a driver tells several commands (boot, resume), so that the count
     * cannot reach zero between two of them; {@link #release()} ends the hold.
     */
    public void hold() {
        inFlight.incrementAndGet();
    }

    public void release() {
        handled();
    }

    /** A counted command has been handled: its step is persisted and its own sends are counted. */
    void handled() {
        if (inFlight.decrementAndGet() == 0) {
            quiet.complete(steps.get());
        }
    }

    void stepped(ActorId receiver, StepRecord r) {
        long count = steps.incrementAndGet();
        if (!reaching.isEmpty()) {
            checkReaching(count);
        }
        StepListener l = listener;
        if (l != null) {
            l.persisted(receiver, r);
        }
    }

    /**
     * Object {@code id} can receive nothing more ({@link Gone}) and its state is {@code state}:
     * kept as its final state, or only counted by kind ({@link Gone#counted}: the registry forgets
     * it too), then its actor is passivated. {@code again}: it was gone before this step (a message
     * reached it after: a use after free), so it is not counted twice.
     */
    void gone(ActorId id, bpflife.model.ObjectState state, boolean again) {
        if (countGone && Gone.counted(state)) {
            if (!again) {
                counted.computeIfAbsent(Gone.kind(state), k -> new java.util.concurrent.atomic.LongAdder()).increment();
            }
            registry.forget(id);
        } else {
            gone.put(id, Gone.summary(state));
        }
    }

    /**
     * From now on, gone objects that {@link Gone#counted} allows are only counted by kind, not kept
     * one by one ({@link #goneCounted}): for a driver whose end-of-run checks take the counts (the
     * load test). Off by default: {@link LiveRun#states} then has every object.
     */
    public void countGone() {
        countGone = true;
    }

    private volatile boolean countGone;

    /** Whether {@code id} is gone: kept as a final state, or counted and forgotten by the registry. */
    boolean isGone(ActorId id) {
        return gone.containsKey(id) || registry.forgotten(id);
    }

    /**
     * The gone objects kept only as a count ({@link Gone#counted}), by kind, sorted: every one of
     * them freed with a zero refcount and holding nothing. {@link LiveRun#states} leaves them out.
     */
    public java.util.SortedMap<String, Long> goneCounted() {
        java.util.TreeMap<String, Long> m = new java.util.TreeMap<>();
        counted.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * The final state of {@code id} if it can receive nothing more (freed, or a task that exited),
     * as the at-rest checks read it ({@link Gone#summary}); null while it is alive (ask its actor).
     */
    public bpflife.model.ObjectState finalState(ActorId id) {
        return gone.get(id);
    }

    /** Something went wrong that stops the run (a model exception, a journal failure). */
    void fail(Throwable t) {
        quiet.completeExceptionally(t);
    }

    /** Completes with the step count when nothing is in flight any more; exceptionally when the run failed. */
    public CompletableFuture<Long> quiet() {
        return quiet;
    }

    public long inFlight() {
        return inFlight.get();
    }

    public long steps() {
        return steps.get();
    }

    /** The driver is taking the world down on purpose: actors stopping now is not a failure. */
    public void closing() {
        closing = true;
        LIVE.remove(this);
    }

    boolean isClosing() {
        return closing;
    }
}
