package bpflife.loadtest;

import bpflife.actors.LiveWorld;
import bpflife.loadtest.report.OpStats;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.Breach;
import bpflife.model.world.Invariants;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.SessionId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a load run measures, from the steps as they are persisted (a {@link LiveWorld.StepListener}):
 * each system call's latency from its intended start to the step that returned it, each dump's
 * from its opening call's intended start to the read that returned 0, errnos, calls past the
 * timeout, sessions opened and released, and every dump read to EOF checked (one END, complete,
 * one prog). Wall clock stays here: nothing of it goes into the journal.
 *
 * <p>A call's intended start is when its program would have issued it: for a task's first call,
 * when the driver meant the task to start (the open model's arrival time, however late the task
 * really started: coordinated omission corrected, as wrk2 does); for a later call, the return of
 * the call before it (the programs issue their calls back to back). So the time a call or a session
 * waited to get going (a full mailbox, a start held back by the concurrency cap) is in its latency.
 *
 * <p>Told from many actors at once; each task's and session's steps come one at a time, but a
 * session's steps may come before the step that opened it (tell when queued: {@link Dump}).
 */
final class Metrics implements LiveWorld.StepListener {

    /** One kind of operation's figures. */
    static final class Op {
        final ConcurrentHistogram latency = new ConcurrentHistogram(3);
        /** The same latencies since the last look ({@link #intervals}): the report's latencies over time. */
        final Recorder interval = new Recorder(3);
        /**
         * The interval histogram handed out last, given back to {@link #interval} at the next look,
         * where it becomes the one recorded into. Without it the recorder made a new histogram each
         * second, which grew (a new counts array, copied) as it met longer latencies and lived about a
         * second: about 0.4 MB an operation a second that young collections copied as survivors,
         * most of what they copied in a load (JFR's promotion events, BENCHMARKS.md "Issue 16:
         * throughput", session 8). Recycled, the arrays are made once, grown once, and stay.
         */
        Histogram recycled;

        void record(long nanos) {
            latency.recordValue(nanos);
            interval.recordValue(nanos);
        }
        final LongAdder count = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errnos = new ConcurrentHashMap<>();

        OpStats stats(String name) {
            TreeMap<String, Long> e = new TreeMap<>();
            errnos.forEach((k, v) -> e.put(k, v.sum()));
            Histogram h = latency.copy();
            return new OpStats(name, count.sum(), e, timeouts.sum(), h);
        }
    }

    /** A call in the kernel: its op, when it was entered, whether it was counted as timed out. */
    private static final class Call {
        final String op;
        final long start;
        volatile boolean timedOut;

        Call(String op, long start) {
            this.op = op;
            this.start = start;
        }
    }

    /**
     * A session's bytes so far, checked when a read returns 0. Where the objects tell when queued
     * (H2), the session's own steps may be reported before the step that made it (its opener's
     * actor hears of its commit later): the reads wait here for {@link #opened}, and the check
     * happens when both are in. Guarded by itself.
     */
    private static final class Dump {
        Event.SessionOpened opened;
        final StringBuilder text = new StringBuilder();
        int objects = -1;
        /** The read that returned 0 at the end was reported. */
        boolean ended;
        boolean checked;
        /** Freed before its opening was reported: dropped once it is. */
        boolean freed;
    }

    private final ConcurrentHashMap<String, Op> ops = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ActorId, Call> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ActorId, Long> dumpStarts = new ConcurrentHashMap<>();
    /** Each task's next call's intended start: set by the driver for the first call, then by each return. */
    private final ConcurrentHashMap<ActorId, Long> nextStart = new ConcurrentHashMap<>();
    private final LoadClock clock;
    private final ConcurrentHashMap<ActorId, Dump> dumps = new ConcurrentHashMap<>();
    private final Consumer<TaskId> exited;
    private final Consumer<TaskId> forked;

    final AtomicLong steps = new AtomicLong();
    /** Objects born: by a step, or tasks the driver started (the timeline's events are steps + births). */
    final AtomicLong births = new AtomicLong();
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicLong opened = new AtomicLong();
    final AtomicLong closed = new AtomicLong();
    final AtomicLong peakAlive = new AtomicLong();
    final AtomicLong dumpsChecked = new AtomicLong();
    private final List<String> badDumps = new ArrayList<>();

    /**
     * @param exited told (on the task's actor thread) when a task has exited
     * @param forked told when a task was forked (before the child's start is sent)
     */
    Metrics(LoadClock clock, Consumer<TaskId> exited, Consumer<TaskId> forked) {
        this.clock = clock;
        this.exited = exited;
        this.forked = forked;
    }

    /** Task {@code t}'s first call is meant to start at {@code nanos} (the load clock); call before starting it. */
    void intended(TaskId t, long nanos) {
        nextStart.put(t, nanos);
    }

    long alive() {
        return opened.get() - closed.get();
    }

    @Override
    public void persisted(ActorId receiver, StepRecord r) {
        clock.stepPersisted();
        long now = clock.nanoTime();
        steps.incrementAndGet();
        for (StepRecord.Spawn sp : r.spawned()) {
            births.incrementAndGet();
            if (sp.born() instanceof Event.TaskForked tf) {
                forked.accept(tf.task());
            } else if (sp.born() instanceof Event.SessionOpened so) {
                Dump d = dumps.computeIfAbsent(sp.id(), k -> new Dump());
                synchronized (d) {
                    d.opened = so;
                    checkOnceWhole(d);
                    if (d.freed) {
                        dumps.remove(sp.id());
                    }
                }
                long alive = opened.incrementAndGet() - closed.get();
                peakAlive.accumulateAndGet(alive, Math::max);
            }
        }
        switch (receiver) {
            case TaskId t when !t.name().equals(Scenario.SETUP) -> task(t, r, now);
            case TaskId t -> {
                if (r.events().stream().anyMatch(e -> e instanceof Event.TaskExited)) {
                    exited.accept(t);
                }
            }
            case SessionId s -> session(s, r);
            default -> { }
        }
    }

    private void task(TaskId t, StepRecord r, long now) {
        for (Event e : r.events()) {
            switch (e) {
                case Event.SyscallEntered en -> {
                    Long meant = nextStart.remove(t);
                    long start = meant == null ? now : Math.min(meant, now);
                    pending.put(t, new Call(Ops.of(en.call()), start));
                    if (Ops.opensSession(en.call())) {
                        dumpStarts.put(t, start);
                    }
                }
                case Event.SyscallReturned ret -> returned(t, ret, now);
                case Event.TaskExited x -> {
                    Call left = pending.remove(t);
                    if (left != null) { // exit's own puts of the fds still open
                        record(left, null, now);
                    }
                    dumpStarts.remove(t);
                    nextStart.remove(t);
                    exited.accept(t);
                }
                default -> { }
            }
        }
    }

    private void returned(TaskId t, Event.SyscallReturned ret, long now) {
        Call c = pending.remove(t);
        if (c == null) {
            return;
        }
        nextStart.put(t, now);
        record(c, ret.result().errno() == null ? null : ret.result().errno().name(), now);
        Syscall call = ret.call();
        if (Ops.opensSession(call) && !ret.result().ok()) {
            dumpStarts.remove(t);
        } else if (call instanceof Syscall.Read && ret.result().ok() && ret.result().value() == 0) {
            Long start = dumpStarts.remove(t);
            if (start != null) {
                op(Ops.DUMP).record(Math.max(0, now - start));
                op(Ops.DUMP).count.increment();
            }
        }
    }

    private void record(Call c, String errno, long now) {
        Op op = op(c.op);
        op.record(Math.max(0, now - c.start));
        op.count.increment();
        calls.increment();
        if (errno != null) {
            op.errnos.computeIfAbsent(errno, k -> new LongAdder()).increment();
            errors.increment();
        }
    }

    private void session(SessionId s, StepRecord r) {
        for (Event e : r.events()) {
            switch (e) {
                case Event.SessionRead rd -> {
                    Dump d = dumps.computeIfAbsent(s, k -> new Dump());
                    synchronized (d) {
                        if (d.checked || d.ended) {
                            continue;
                        }
                        d.text.append(rd.returned());
                        if (rd.objects() >= 0) {
                            d.objects = rd.objects();
                        }
                        if (rd.returned().isEmpty() && rd.ended()) {
                            d.ended = true;
                            checkOnceWhole(d);
                        }
                    }
                }
                case Event.Freed f -> {
                    Dump d = dumps.computeIfAbsent(s, k -> new Dump());
                    synchronized (d) {
                        if (d.opened == null) {
                            d.freed = true; // its opening is yet to be reported, and removes it then
                        } else {
                            dumps.remove(s);
                        }
                    }
                    closed.incrementAndGet();
                }
                default -> { }
            }
        }
    }

    /** The model's dump rule, as the deterministic runtime checks a dump at EOF. */
    private void checkDump(Dump d) {
        dumpsChecked.incrementAndGet();
        Breach b = Invariants.dump(d.opened.session(), d.opened.template(), d.opened.sessionId(), d.text.toString(),
                d.objects);
        if (b != null) {
            synchronized (badDumps) {
                badDumps.add(b.object().key() + ": " + b.detail());
            }
        }
    }

    /** Checks {@code d} (held) once both its opening and its final read are in; then only once. */
    private void checkOnceWhole(Dump d) {
        if (d.opened != null && d.ended && !d.checked) {
            d.checked = true;
            checkDump(d);
            d.text.setLength(0);
        }
    }

    /** Sessions whose dump is being followed (opened, or reported before their opening). */
    int dumpsFollowed() {
        return dumps.size();
    }

    List<String> badDumps() {
        synchronized (badDumps) {
            return List.copyOf(badDumps);
        }
    }

    /** Counts the calls in the kernel for longer than {@code timeoutNanos} (once each); returns how many were new. */
    long expire(long now, long timeoutNanos) {
        long n = 0;
        for (Call c : pending.values()) {
            if (!c.timedOut && now - c.start > timeoutNanos) {
                c.timedOut = true;
                op(c.op).timeouts.increment();
                errors.increment();
                n++;
            }
        }
        return n;
    }

    long timeouts() {
        return ops.values().stream().mapToLong(o -> o.timeouts.sum()).sum();
    }

    Op op(String name) {
        Op o = ops.get(name);
        return o != null ? o : ops.computeIfAbsent(name, k -> new Op());
    }

    /**
     * Each operation's latencies recorded since the last call (HdrHistogram's interval histograms),
     * in report order; operations with none are left out. A histogram is valid only during the
     * call: the next call records into it again.
     */
    synchronized void intervals(java.util.function.BiConsumer<String, Histogram> each) {
        // by name, not through stats(): that copies every operation's whole histogram, each second
        for (String name : names()) {
            Op op = ops.get(name);
            Histogram h = op.interval.getIntervalHistogram(op.recycled);
            op.recycled = h;
            if (h.getTotalCount() > 0) {
                each.accept(name, h);
            }
        }
    }

    /** Every operation seen, in report order. */
    List<OpStats> stats() {
        List<OpStats> out = new ArrayList<>();
        for (String name : names()) {
            out.add(ops.get(name).stats(name));
        }
        return out;
    }

    /** The names of the operations seen, in report order. */
    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (String name : Ops.ORDER) {
            if (ops.containsKey(name)) {
                out.add(name);
            }
        }
        for (String name : new TreeMap<>(ops).keySet()) {
            if (!Ops.ORDER.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
