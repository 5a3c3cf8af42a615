package bpflife.model;

import bpflife.model.calls.Call;
import bpflife.model.calls.Host;
import bpflife.model.calls.Rules;
import bpflife.model.calls.TaskState;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A user-space task: its fd table, its variables, and the one system call it has in the kernel
 * at a time ({@code call}, waiting in state {@code at}). Each fd holds one reference on its file.
 * The calls ({@link bpflife.model.calls.Calls}) decide; this file holds the state and how events
 * change it.
 */
public final class Task {
    private Task() {}

    public enum Status { CREATED, RUNNING, EXITING, EXITED }

    /**
     * @param objects the object each variable was bound to (for reports and expectations)
     * @param ids     the kernel id behind each variable ({@code var} for its own, {@code setup.var} for setup's)
     * @param call    the system call in the kernel, or null between two calls
     * @param at      the state that call waits in, or null before its first request
     * @param observed every return of this task's calls so far, in order (what user space saw: the
     *                 final world then determines the run's outcome, see {@link Observation})
     * @param mm       the task's address space while it holds it (start to exit_mm), when modelled
     *                 (a task_vma link names the task), else null
     * @param files    the task's files table, when modelled (a task_file walk of it is possible:
     *                 {@link FilesTable}), else null; named here so that the explorer knows the task
     *                 addresses it (explore's Knowledge reads names from states)
     */
    public record State(TaskId self, boolean forked, Status status, int pc, SortedMap<String, Integer> vars,
                        SortedMap<Integer, FileId> fds, SortedMap<String, ActorId> objects,
                        SortedMap<String, Integer> ids, int spawned, Syscall call, Call at,
                        List<Observation> observed, ActorId.MmId mm, ActorId.FilesId files)
            implements ObjectState, TaskState {

        /** A state with no files table (a gone task's summary keeps none). */
        public State(TaskId self, boolean forked, Status status, int pc, SortedMap<String, Integer> vars,
                     SortedMap<Integer, FileId> fds, SortedMap<String, ActorId> objects,
                     SortedMap<String, Integer> ids, int spawned, Syscall call, Call at,
                     List<Observation> observed, ActorId.MmId mm) {
            this(self, forked, status, pc, vars, fds, objects, ids, spawned, call, at, observed, mm, null);
        }

        public List<ActorId> holds() {
            List<ActorId> h = new ArrayList<>(fds.values());
            if (mm != null) {
                h.add(mm);
            }
            if (at != null) {
                h.addAll(at.held());
            }
            return h;
        }

        public boolean exited() {
            return status == Status.EXITED;
        }

        @Override
        public boolean exiting() {
            return status == Status.EXITING;
        }

        /**
         * How many messages this task waits for: its Start, its Continue between two calls, or the
         * replies its system call awaits. A task receives nothing else, which is what lets an
         * exhaustive search run a task whose inputs have all arrived without interleaving others.
         */
        public int expected() {
            return switch (status) {
                case CREATED -> 1;
                case EXITED -> 0;
                case RUNNING, EXITING -> at == null ? 1 : Math.max(1, at.awaiting());
            };
        }

        State with(Status st, int newPc, Syscall c, Call a) {
            return new State(self, forked, st, newPc, vars, fds, objects, ids, spawned, c, a, observed, mm, files);
        }
    }

    /** What the calls are given for one step of task {@code s}: its events go to {@code out} and into its state. */
    static Host host(Env env, State s, Out out) {
        return new StepHost(env, s, out);
    }

    private static final class StepHost implements Host {
        private final Env env;
        private final Out out;
        private State s;

        StepHost(Env env, State s, Out out) {
            this.env = env;
            this.s = s;
            this.out = out;
        }

        @Override
        public State task() {
            return s;
        }

        @Override
        public Scenario scenario() {
            return env.scenario();
        }

        @Override
        public void event(Event.TaskEvent e) {
            out.event(e);
            s = apply(s, e);
        }

        @Override
        public void send(ActorId to, Msg m) {
            out.send(to, m);
        }

        @Override
        public void spawn(ActorId id, Event born) {
            out.spawn(id, born);
        }

        @Override
        public void reply(Result r) {
            out.reply(r);
        }

        @Override
        public Rules rules() {
            return env.semantics();
        }
    }

    static State born(Event.TaskCreated e) {
        return new State(e.task(), e.forked(), Status.CREATED, 0, empty(), empty(), empty(), empty(), 0, null, null,
                List.of(), null, null);
    }

    static State born(Event.TaskForked e) {
        // a forked child saw nothing yet: what its parent saw stays the parent's
        return new State(e.task(), true, Status.CREATED, 0, e.vars(), e.fds(), e.objects(), e.ids(), 0, null, null,
                List.of(), null, null);
    }

    static State apply(State s, Event.TaskEvent e) {
        return switch (e) {
            case Event.TaskStarted st -> {
                TreeMap<String, Integer> ids = new TreeMap<>(s.ids);
                ids.putAll(st.setupIds());
                yield new State(s.self, s.forked, Status.RUNNING, s.pc, s.vars, s.fds, s.objects,
                        Collections.unmodifiableSortedMap(ids), s.spawned, null, null, s.observed, s.mm, s.files);
            }
            case Event.SyscallEntered en -> s.with(s.status, en.pc(), en.call(), null);
            case Event.SyscallMoved mv -> s.with(s.status, s.pc, s.call, Call.of(mv.state()));
            case Event.Spawned sp -> new State(s.self, s.forked, s.status, s.pc, s.vars, s.fds, s.objects, s.ids,
                    s.spawned + 1, s.call, s.at, s.observed, s.mm, s.files);
            case Event.FdInstalled in -> {
                TreeMap<Integer, FileId> fds = new TreeMap<>(s.fds);
                fds.put(in.fd(), in.file());
                SortedMap<String, Integer> vars = s.vars;
                SortedMap<String, ActorId> objects = s.objects;
                SortedMap<String, Integer> ids = s.ids;
                if (in.var() != null) {
                    vars = put(vars, in.var(), in.fd());
                    objects = put(objects, in.var(), in.object());
                    ids = put(ids, in.var(), in.kernelId());
                }
                yield new State(s.self, s.forked, s.status, s.pc, vars, Collections.unmodifiableSortedMap(fds),
                        objects, ids, s.spawned, s.call, s.at, s.observed, s.mm, s.files);
            }
            case Event.FdClosed c -> {
                TreeMap<Integer, FileId> fds = new TreeMap<>(s.fds);
                fds.remove(c.fd());
                yield new State(s.self, s.forked, s.status, s.pc, s.vars, Collections.unmodifiableSortedMap(fds),
                        s.objects, s.ids, s.spawned, s.call, s.at, s.observed, s.mm, s.files);
            }
            case Event.SyscallReturned r -> {
                State now = s.with(s.status, again(s, r) ? r.pc() : r.pc() + 1, null, null);
                yield new State(now.self, now.forked, now.status, now.pc, now.vars, now.fds, now.objects, now.ids,
                        now.spawned, now.call, now.at, appended(s.observed, observation(s, r)), s.mm, s.files);
            }
            case Event.TaskMmHeld h -> new State(s.self, s.forked, s.status, s.pc, s.vars, s.fds, s.objects, s.ids,
                    s.spawned, s.call, s.at, s.observed, h.mm(), s.files);
            case Event.TaskFilesHeld h -> new State(s.self, s.forked, s.status, s.pc, s.vars, s.fds, s.objects, s.ids,
                    s.spawned, s.call, s.at, s.observed, s.mm, h.files());
            case Event.TaskBailed b -> s.with(Status.EXITING, s.pc, s.call, s.at);
            case Event.TaskExited x -> s.with(Status.EXITED, s.pc, null, null);
        };
    }

    private static Observation observation(State s, Event.SyscallReturned r) {
        FileId file = null;
        if (r.call() instanceof Syscall.Read rd && s.vars.get(rd.fd()) != null) {
            file = s.fds.get(s.vars.get(rd.fd()));
        }
        return Observation.of(r.pc(), r.call(), r.result(), file);
    }

    private static List<Observation> appended(List<Observation> l, Observation o) {
        return AppendedList.plus(l, o); // a copy per return made a world's fold quadratic
    }

    /**
     * How many reads of one {@code read ... until eof} may end a line after the dump's END line came
     * back with object lines after it (D6) before the loop stops: the kernel would go on repeating
     * the tail until the task exits, so the model bounds the loop here (two, so that both "the task
     * exited after a repeat: end of file" and "still repeating: stopped" are outcomes).
     */
    public static final int REPEATS_READ = 2;

    /**
     * {@code read ... until eof} repeats while reads return bytes, and stops at its
     * {@link #REPEATS_READ}-th read that ended a line after a repeat came back (D6): the exhaustive
     * search stays finite. Only a task_vma dump over a live {@code tid} task repeats.
     */
    private static boolean again(State s, Event.SyscallReturned r) {
        int seen = 0;
        if (r.result().sawRepeat()) {
            for (Observation o : s.observed) {
                seen += o.pc() == r.pc() && o.repeatSeen() ? 1 : 0;
            }
        }
        return readsAgain(r.call(), r.result(), seen);
    }

    /**
     * Whether the statement {@code call}, which just returned {@code r}, runs again: a {@code read ...
     * until eof} that returned bytes, unless this is its {@link #REPEATS_READ}-th read that saw a
     * repeat (D6), {@code seenBefore} being how many of its earlier reads did.
     */
    public static boolean readsAgain(Syscall call, Result r, int seenBefore) {
        if (!(call instanceof Syscall.Read rd && rd.untilEof() && r.ok() && r.value() > 0)) {
            return false;
        }
        return !r.sawRepeat() || seenBefore + 1 < REPEATS_READ;
    }

    private static <V> SortedMap<String, V> put(SortedMap<String, V> m, String k, V v) {
        TreeMap<String, V> c = new TreeMap<>(m);
        c.put(k, v);
        return Collections.unmodifiableSortedMap(c);
    }

    private static <K, V> SortedMap<K, V> empty() {
        return Collections.unmodifiableSortedMap(new TreeMap<>());
    }
}
