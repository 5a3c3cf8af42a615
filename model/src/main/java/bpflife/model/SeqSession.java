package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.SessionId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.SessionEvent;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.Put;
import bpflife.protocol.Msg.ReadReturned;
import bpflife.protocol.Msg.ToSession;
import bpflife.protocol.Msg.Visit;
import bpflife.protocol.PutMode;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.TidVmaWalk;
import java.util.ArrayList;
import java.util.List;

/**
 * One iterator session (the seq_file of bpf_iter_priv_data), shared by every fd and process
 * holding its file. It holds the prog current at open and whatever its target pins in
 * init_seq_private; never the link. Reads follow kernel/bpf/bpf_iter.c bpf_seq_read(): leftover
 * bytes first; otherwise show objects from where the last read stopped until the buffer holds the
 * requested count, then the END call once the objects are exhausted; at most 32 KiB per read;
 * E2BIG when a line does not fit the empty buffer ({@link SeqFill}, the model's one copy of that
 * loop), with the walk moved where next() moved it; a cgroup walk that has started and not run off
 * its end cannot resume (EOPNOTSUPP, {@link Walk}). A read
 * holds the seq_file's mutex throughout, so when a read has to visit its target (a map or cgroup
 * walk, or the link under the RFC design), reads of other holders of the session wait for it and
 * then go on in arrival order.
 */
public final class SeqSession {
    private SeqSession() {}

    public enum Phase { OPEN, VISITING, RELEASING, FREED }

    /**
     * Where a cgroup walk stands between reads (kernel/bpf/cgroup_iter.c cgroup_iter_priv): no read
     * has walked yet (*pos is 0); a read walked and stopped at a cgroup, with the buffer full, the
     * count reached or E2BIG (*pos > 0, !visited_all: start() is EOPNOTSUPP, cgroup_mutex was
     * dropped); or a read ran off its end (cgroup_iter_seq_stop(seq, NULL) set visited_all: start()
     * finds nothing, so a read goes straight to stop(NULL), the END call if it is still due).
     * Sessions of other targets stay {@code UNSTARTED}: their start() resumes where they stopped.
     */
    public enum Walk { UNSTARTED, STARTED, VISITED_ALL }

    public record State(SessionId self, SessionTemplate template, long sessionId, List<ActorId> targetRefs,
                        int fixedObjects, int next, long seqNum, String buffered, boolean ended, Phase phase,
                        int pendingCount, ActorId pendingRequester, ActorId ackTo, int awaiting,
                        Info.ProgInfo running, List<Msg.ReadSession> waiting, int hiddenPassed,
                        int filesFrom, int prevVmEnd, int repeated, Walk walk)
            implements ObjectState {
        /** The objects the reads showed so far: those passed, but the hidden ones (a dead cgroup). */
        public int shown() { return next - hiddenPassed; }

        public boolean freed() { return phase == Phase.FREED; }

        /** A session has one holder, its file. */
        public long refcount() { return phase == Phase.OPEN || phase == Phase.VISITING ? 1 : 0; }

        public List<ActorId> holds() {
            if (phase == Phase.RELEASING || phase == Phase.FREED) {
                return List.of();
            }
            List<ActorId> h = new ArrayList<>(1 + targetRefs.size());
            if (template.prog() != null) {
                h.add(template.prog());
            }
            h.addAll(targetRefs);
            return h;
        }

        /** The prog whose output this session's reads carry: its own, or the link's current one. */
        public Info.ProgInfo prog() {
            return template.prog() != null ? template.progInfo() : running;
        }

        State with(Phase p, int count, ActorId requester, ActorId ack, int wait) {
            return new State(self, template, sessionId, targetRefs, fixedObjects, next, seqNum, buffered, ended, p,
                    count, requester, ack, wait, running, waiting, hiddenPassed, filesFrom, prevVmEnd, repeated, walk);
        }

        /** The object lines shown after the END line that reached the readers (D6; the rest is buffered). */
        public int repeatedRead() {
            return repeated - (int) buffered.chars().filter(ch -> ch == '\n').count();
        }
    }

    static State born(Event.SessionOpened e) {
        return new State(e.session(), e.template(), e.sessionId(), e.targetRefs(), e.fixedObjects(), 0, 0, "",
                false, Phase.OPEN, 0, null, null, 0, e.template().progInfo(), List.of(), 0, 0, 0, 0, Walk.UNSTARTED);
    }

    static void step(Env env, State s, ToSession m, Out out) {
        switch (m) {
            case Msg.ReadSession r -> {
                if (s.phase == Phase.VISITING) {
                    out.event(new Event.SessionReadWaited(r.count(), r.requester()));
                } else {
                    read(env, s, r, out);
                }
            }
            case Msg.Visited v -> resumeWaiting(env, s, produce(s, s.pendingCount, s.pendingRequester, v.objects(), v.hidden(), out), out);
            case Msg.MmChecked c -> {
                // a named task's liveness; or bug-B6: task->mm was read; walk it now, or show
                // nothing if there was none
                if (s.template.target() == IterTarget.TASK) {
                    resumeWaiting(env, s, produce(s, s.pendingCount, s.pendingRequester, c.present() ? 1 : 0,
                            List.of(), out), out);
                } else if (c.present()) {
                    out.send(new ActorId.MmId(s.template.attach().task().name()), new Visit(s.self, null));
                } else {
                    resumeWaiting(env, s, produce(s, s.pendingCount, s.pendingRequester, 0, List.of(), out), out);
                }
            }
            case Msg.MmVisited v -> {
                // the vmas are walked holding the mm; stop() puts it before the read returns
                SessionEvent done = produce(s, s.pendingCount, s.pendingRequester, v.vmas(), List.of(), out);
                out.send(v.mm(), new Put(v.mm(), PutMode.DIRECT, s.self));
                resumeWaiting(env, s, done, out);
            }
            case Msg.FileFound f -> {
                // bug-B8: the lookup's file, with no reference yet: a plain get_file() now
                out.send(f.file(), new Msg.WalkGet(s.self, f.fds()));
            }
            case Msg.FileGranted g -> files(env, s, g, out);
            case Msg.Running r -> {
                out.event(new Event.SessionProgRead(r.prog()));
                State now = apply(s, new Event.SessionProgRead(r.prog()));
                if (now.fixedObjects >= 0) {
                    resumeWaiting(env, now, produce(now, now.pendingCount, now.pendingRequester, now.fixedObjects, List.of(), out), out);
                } else {
                    visit(env, now, out);
                }
            }
            case Msg.Release r -> {
                List<ActorId> held = s.holds();
                out.event(new Event.SessionReleasing(r.ackTo(), held.size()));
                for (ActorId h : held) {
                    out.send(h, new Put(h, PutMode.DIRECT, s.self));
                }
            }
            case Msg.Acked a -> Refs.ackCounted(out, s.awaiting, s.ackTo);
        }
    }

    /**
     * A task_file walk holds the file it found (fds.get(0)): the read shows it and the files after
     * it (the lookup's snapshot of the table: the model takes no reference on those), moves the
     * cursor (info->fd) to the first file it fetched but did not show, and fputs its reference in
     * stop() before the read returns (not waited for: __fput runs at the reader's return to user
     * space). The ack of that put goes to the table, which ignores it.
     */
    private static void files(Env env, State s, Msg.FileGranted g, Out out) {
        List<Integer> fds = g.fds();
        SessionEvent done = produce(s, s.pendingCount, s.pendingRequester, s.next + fds.size(), List.of(), out);
        State now = s;
        if (done instanceof Event.SessionRead r) {
            int fetched = r.nextObject() - s.next;
            SessionEvent moved = new Event.SessionFilesPassed(fetched < fds.size() ? fds.get(fetched) : fds.getLast() + 1);
            out.event(moved);
            now = apply(s, moved);
        }
        ActorId table = new ActorId.FilesId(s.template.attach().task().name());
        out.send(g.file(), new Put(g.file(), PutMode.DIRECT, table));
        resumeWaiting(env, now, done, out);
    }

    /** One read(2) under the seq_file's mutex: the event that finished it, or null if it went visiting. */
    private static SessionEvent read(Env env, State s, Msg.ReadSession r, Out out) {
        if (!s.buffered.isEmpty()) {
            int n = Math.min(r.count(), s.buffered.length());
            String returned = s.buffered.substring(0, n);
            SessionEvent e = new Event.SessionRead(returned, s.next, s.seqNum,
                    s.buffered.substring(n), s.ended, -1, s.hiddenPassed, TidVmaWalk.of(s.prevVmEnd, s.repeated));
            out.event(e).send(r.requester(), ReadReturned.of(returned, VmaRepeat.seen(s.repeated, returned,
                    s.buffered.substring(n))));
            return e;
        } else if (s.ended && VmaRepeat.again(s)) {
            // D6: the walk finds the same task again and resumes at prev_vm_end (docs/ITERATION-REFS.md)
            if (s.fixedObjects >= 0) {
                // tid self: the creator's own process, which the model never ends (its vmas are fixed)
                return produce(s, r.count(), r.requester(), s.fixedObjects, List.of(), out);
            }
            out.event(new Event.SessionVisiting(r.count(), r.requester()));
            visit(env, s, out);
            return null;
        } else if (s.ended) {
            SessionEvent e = new Event.SessionRead("", s.next, s.seqNum, "", true, -1, s.hiddenPassed);
            out.event(e).send(r.requester(), new ReadReturned(""));
            return e;
        } else if (s.template.prog() == null) {
            // rfc-seqfile-holds-link: each read runs whatever prog the link has now
            out.event(new Event.SessionVisiting(r.count(), r.requester())).send(s.template.link(), new Visit(s.self, null));
            return null;
        } else if (s.fixedObjects >= 0) {
            return produce(s, r.count(), r.requester(), s.fixedObjects, List.of(), out);
        } else {
            // the map's buckets, the cgroup hierarchy or the task's vmas are walked inside this read
            out.event(new Event.SessionVisiting(r.count(), r.requester()));
            visit(env, s, out);
            return null;
        }
    }

    /**
     * A visiting read has finished with {@code done}: the reads that waited for the mutex meanwhile
     * go on, in arrival order, until one has to visit again or none is left.
     */
    private static void resumeWaiting(Env env, State s, SessionEvent done, Out out) {
        State now = apply(s, done);
        while (!now.waiting.isEmpty()) {
            Msg.ReadSession next = now.waiting.getFirst();
            SessionEvent resumed = new Event.SessionReadResumed();
            out.event(resumed);
            now = apply(now, resumed);
            SessionEvent finished = read(env, now, next, out);
            if (finished == null) {
                return;
            }
            now = apply(now, finished);
        }
    }

    /**
     * Asks the target object for this read's walk. task_vma_seq_get_next() takes the named task's
     * mm with get_task_mm() (bug-B6: reads task->mm and walks it with no reference of its own).
     */
    private static void visit(Env env, State s, Out out) {
        if (s.template.target() == IterTarget.TASK_VMA) {
            ActorId mm = new ActorId.MmId(s.template.attach().task().name());
            out.send(mm, env.semantics().vmaWalkHoldsMm() ? new Msg.Get(s.self) : new Msg.MmCheck(s.self));
        } else if (s.template.target() == IterTarget.TASK_FILE) {
            // fget_task_next() from the walk's fd (the table answers, docs/ITERATION-REFS.md)
            out.send(new ActorId.FilesId(s.template.attach().task().name()), new Msg.NextFile(s.self, s.filesFrom));
        } else if (s.template.target() == IterTarget.TASK) {
            // a named task: found (one object) while its mm is still attached, i.e. before exit_mm()
            out.send(new ActorId.MmId(s.template.attach().task().name()), new Msg.MmCheck(s.self));
        } else {
            out.send(targetObject(s), new Visit(s.self, s.template.attach().order()));
        }
    }

    private static ActorId targetObject(State s) {
        if (s.template.target() == IterTarget.CGROUP) {
            // no cgroup at attach: the walk starts at the root, which cgroupfs knows
            return s.template.attach().cgroup() != null ? s.template.attach().cgroup() : ActorId.CGROUPFS;
        }
        return s.template.attach().map();
    }

    /**
     * One batch of bpf_seq_read over a target that now passes {@code objects} objects, of which those
     * at the positions {@code hidden} show nothing (a dead cgroup: its show returns 0 without running
     * the prog, so seq_num still counts it); the event that ended it. The target's rules come first
     * (a cgroup walk's start(); the prog's return value), then {@link SeqFill}'s loop from where the
     * last read stopped; after the END call, D6's walk ({@link VmaRepeat#read}).
     */
    private static SessionEvent produce(State s, int count, ActorId requester, int objects, List<Integer> hidden,
                                        Out out) {
        if (s.ended) {
            return VmaRepeat.read(s, count, requester, objects, out);
        }
        IterTarget target = s.template.target();
        boolean cgroup = target == IterTarget.CGROUP;
        if (cgroup && s.walk == Walk.STARTED) {
            // cgroup_iter_seq_start(): *pos > 0 and not visited_all; the walk held cgroup_mutex only
            // inside the read that started it and cannot resume
            return fail(requester, Errno.EOPNOTSUPP, out);
        }
        boolean startFindsNothing = cgroup && s.walk == Walk.VISITED_ALL;
        if (startFindsNothing) {
            // visited_all: start() returns NULL whatever the hierarchy holds now; the END call only
            objects = s.next;
            hidden = List.of();
        }
        if (s.prog().ret() != 0 && s.next < objects) {
            // the prog returned 1 on an object (measured on 6.18: scenarios/prog-ret-1.scn)
            if (cgroup) {
                objects = s.next + 1; // __cgroup_iter_seq_show(): the walk ends after this cgroup
            } else {
                // bpf_iter_run_prog() makes it -EAGAIN: bpf_seq_read() drops the line and returns it
                return fail(requester, Errno.EAGAIN, out);
            }
        }
        return switch (SeqFill.fill(s, s.next, objects, hidden, count)) {
            case SeqFill.TooBig t -> tooBig(s, t, hidden, requester, out);
            case SeqFill.Shown f -> {
                // what the dump should hold: the objects shown, at least those shown by earlier reads
                // (a named task's vmas are gone once it exited: the walk ends where it was)
                int dump = startFindsNothing ? s.shown() : Math.max(objects - hidden.size(), s.shown());
                SessionEvent e = new Event.SessionRead(f.returned(), f.next(), f.seqNum(), f.buffered(), f.ended(),
                        dump, hiddenPassed(s, hidden, f.next()), TidVmaWalk.of(VmaRepeat.prevVmEnd(s, f), s.repeated),
                        cgroup ? f.exhausted() : null);
                out.event(e).send(requester, new ReadReturned(f.returned()));
                yield e;
            }
        };
    }

    /** The hidden positions passed by the end of a read that stopped at {@code next}. */
    private static int hiddenPassed(State s, List<Integer> hidden, int next) {
        int passed = s.hiddenPassed;
        for (int h : hidden) {
            passed += h >= s.next && h < next ? 1 : 0;
        }
        return passed;
    }

    /**
     * bpf_seq_read()'s E2BIG: a line did not fit the empty buffer, and stop() got the object whose
     * line it was. Where the walk moved to get there (past hidden positions; a cgroup walk's start()
     * moving *pos, so that its next read is EOPNOTSUPP) the session moves with it; else (the first
     * object of another target: its next read finds the same object) it stays. The END line alone
     * does not fit only in theory (it is short): that E2BIG leaves the session as it was.
     */
    private static SessionEvent tooBig(State s, SeqFill.TooBig t, List<Integer> hidden, ActorId requester,
                                       Out out) {
        boolean cgroup = s.template.target() == IterTarget.CGROUP;
        if (t.exhausted() || !(t.moved(s.next) || cgroup)) {
            return fail(requester, Errno.E2BIG, out);
        }
        SessionEvent e = new Event.SessionReadOverflowed(t.next(), t.seqNum(), hiddenPassed(s, hidden, t.next()));
        out.event(e).send(requester, new Failed(Errno.E2BIG));
        return e;
    }

    static SessionEvent fail(ActorId requester, Errno errno, Out out) {
        SessionEvent e = new Event.SessionReadFailed(errno);
        out.event(e).send(requester, new Failed(errno));
        return e;
    }

    static State apply(State s, SessionEvent e) {
        return switch (e) {
            case Event.SessionVisiting v -> s.with(Phase.VISITING, v.count(), v.requester(), null, 0);
            case Event.SessionReadWaited w -> new State(s.self, s.template, s.sessionId, s.targetRefs,
                    s.fixedObjects, s.next, s.seqNum, s.buffered, s.ended, s.phase, s.pendingCount,
                    s.pendingRequester, s.ackTo, s.awaiting, s.running,
                    appended(s.waiting, new Msg.ReadSession(w.count(), w.requester())), s.hiddenPassed,
                    s.filesFrom, s.prevVmEnd, s.repeated, s.walk);
            case Event.SessionReadResumed r -> new State(s.self, s.template, s.sessionId, s.targetRefs,
                    s.fixedObjects, s.next, s.seqNum, s.buffered, s.ended, s.phase, s.pendingCount,
                    s.pendingRequester, s.ackTo, s.awaiting, s.running, List.copyOf(s.waiting.subList(1, s.waiting.size())), s.hiddenPassed,
                    s.filesFrom, s.prevVmEnd, s.repeated, s.walk);
            case Event.SessionProgRead p -> new State(s.self, s.template, s.sessionId, s.targetRefs, s.fixedObjects,
                    s.next, s.seqNum, s.buffered, s.ended, s.phase, s.pendingCount, s.pendingRequester, s.ackTo,
                    s.awaiting, p.prog(), s.waiting, s.hiddenPassed, s.filesFrom, s.prevVmEnd, s.repeated, s.walk);
            case Event.SessionRead r -> new State(s.self, s.template, s.sessionId, s.targetRefs, s.fixedObjects,
                    r.nextObject(), r.seqNum(), r.buffered(), r.ended(), Phase.OPEN, 0, null, null, 0, s.running,
                    s.waiting, r.hiddenPassed(), s.filesFrom, r.prevVmEnd(), r.repeated(),
                    r.visitedAll() == null ? s.walk : r.visitedAll() ? Walk.VISITED_ALL : Walk.STARTED);
            case Event.SessionReadFailed f -> s.with(Phase.OPEN, 0, null, null, 0);
            case Event.SessionReadOverflowed o -> new State(s.self, s.template, s.sessionId, s.targetRefs,
                    s.fixedObjects, o.nextObject(), o.seqNum(), "", s.ended, Phase.OPEN, 0, null, null, 0, s.running,
                    s.waiting, o.hiddenPassed(), s.filesFrom, s.prevVmEnd, s.repeated, Walk.STARTED);
            case Event.SessionFilesPassed p -> new State(s.self, s.template, s.sessionId, s.targetRefs, s.fixedObjects,
                    s.next, s.seqNum, s.buffered, s.ended, s.phase, s.pendingCount, s.pendingRequester, s.ackTo,
                    s.awaiting, s.running, s.waiting, s.hiddenPassed, p.fromFd(), s.prevVmEnd, s.repeated, s.walk);
            case Event.SessionReleasing r -> s.with(Phase.RELEASING, 0, null, r.ackTo(), r.awaiting());
            case Event.AckCounted a -> s.with(s.phase, 0, null, s.ackTo, a.left());
            case Event.Freed f -> new State(s.self, s.template, s.sessionId, s.targetRefs, s.fixedObjects, s.next,
                    s.seqNum, "", s.ended, Phase.FREED, 0, null, null, 0, s.running, List.of(), s.hiddenPassed, s.filesFrom,
                    s.prevVmEnd, s.repeated, s.walk);
        };
    }

    private static List<Msg.ReadSession> appended(List<Msg.ReadSession> l, Msg.ReadSession r) {
        List<Msg.ReadSession> n = new ArrayList<>(l.size() + 1);
        n.addAll(l);
        n.add(r);
        return List.copyOf(n);
    }
}
