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
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

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
    private volatile boolean closing;
    /** The driver's say over task starts, or null: every start goes through. */
    private volatile StartGate gate;

    public LiveWorld(String name, Env env, Function<LiveWorld, Registry> registry) {
        this.name = checkName(name);
        this.env = env;
        this.registry = registry.apply(this);
    }

    /** Accepts the names a world may have (letters, digits, '.', '_', '-'; at most 100), else throws. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad world name '" + name
                    + "': use letters, digits, '.', '_' and '-' (at most 100, starting with a letter or digit)");
        }
        return name;
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
        steps.incrementAndGet();
        StepListener l = listener;
        if (l != null) {
            l.persisted(receiver, r);
        }
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
    }

    boolean isClosing() {
        return closing;
    }
}
