package bpflife.model;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.SessionId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.Frame;
import bpflife.protocol.FileKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The system calls of one task as the kernel runs them, each a short sequence of requests to the
 * objects involved (kernel-semantics §4). One instance decides one step; it applies its own
 * events as it goes so that later decisions in the same step see them.
 *
 * <p>Stages are numbered per call. Stage {@link #CLEANUP} is shared: the call puts the references
 * it still holds (its error path, or bpftool's close) and returns once every put is acknowledged.
 */
final class TaskStep {
    private static final int CLEANUP = 99;

    private final Env env;
    private final Out out;
    private Task.State s;

    private TaskStep(Env env, Task.State s, Out out) {
        this.env = env;
        this.s = s;
        this.out = out;
    }

    static void step(Env env, Task.State s, Msg m, Out out) {
        new TaskStep(env, s, out).take(m);
    }

    private void take(Msg m) {
        switch (m) {
            case Msg.Start st -> {
                emit(new Event.TaskStarted(st.setupIds()));
                next();
            }
            case Msg.Continue c -> next();
            default -> {
                if (s.call() == null) {
                    throw Refs.unexpected(s.self(), m);
                }
                if (s.frame().stage() == CLEANUP) {
                    cleanupAck(m);
                } else {
                    resume(m);
                }
            }
        }
    }

    // ---- statements ----

    private TaskDef def() {
        Scenario sc = env.scenario();
        return sc.task(s.self().name());
    }

    private void next() {
        List<Stmt> body = def().body();
        if (s.status() == Task.Status.EXITING || s.pc() >= body.size()) {
            emit(new Event.SyscallEntered(s.pc(), new Syscall.Exit()));
            exit();
            return;
        }
        Syscall call = body.get(s.pc()).call();
        emit(new Event.SyscallEntered(s.pc(), call));
        enter(call);
    }

    private void finish(Result r) {
        Syscall call = s.call();
        int pc = s.pc();
        emit(new Event.SyscallReturned(pc, call, r));
        out.reply(r);
        if (!r.ok() && call.result() != null) {
            emit(new Event.TaskBailed(pc)); // as cat exits when open fails
        }
        out.send(s.self(), new Msg.Continue());
    }

    private void enter(Syscall call) {
        switch (call) {
            case Syscall.ProgLoad p -> {
                ProgId prog = spawnId(ProgId::new);
                out.spawn(prog, new Event.ProgLoaded(prog, p.name(), p.target(), p.pad(), p.sleepable()));
                progress(1, List.of(prog), 0, null, prog, null, null);
                out.send(ActorId.PROG_IDR, new Msg.IdAlloc(prog, true, s.self()));
            }
            case Syscall.MapCreate mc -> {
                MapId map = spawnId(MapId::new);
                out.spawn(map, new Event.MapCreated(map, mc.type(), mc.entries()));
                progress(1, List.of(map), 0, null, map, null, null);
                out.send(ActorId.MAP_IDR, new Msg.IdAlloc(map, true, s.self()));
            }
            case Syscall.LinkCreate lc -> probe(lc.prog(), Want.PROG, Errno.EBADF);
            case Syscall.ObjPin p -> probe(p.fd(), Want.ANY_BPF, Errno.EINVAL);
            case Syscall.ObjGet g -> ask(ActorId.BPFFS, new Msg.Lookup(g.path(), Msg.LookupFor.OBJ_GET, s.self()));
            case Syscall.Open o -> {
                progress(1, List.of(), 2, null, null, null, null);
                out.send(ActorId.BPFFS, new Msg.Lookup(o.path(), Msg.LookupFor.OPEN, s.self()));
            }
            case Syscall.IterCreate ic -> probe(ic.link(), Want.LINK, Errno.EBADF);
            case Syscall.Read r -> {
                FileId f = file(r.fd());
                if (f == null) {
                    finish(Result.error(Errno.EBADF));
                } else {
                    ask(f, new Msg.FileRead(r.count(), s.self()));
                }
            }
            case Syscall.Close c -> {
                Integer fd = s.vars().get(c.fd());
                FileId f = fd == null ? null : s.fds().get(fd);
                if (f == null) {
                    finish(Result.error(Errno.EBADF));
                } else {
                    emit(new Event.FdClosed(fd));
                    ask(f, new Msg.Put(f, PutMode.DIRECT, s.self()));
                }
            }
            case Syscall.Unlink u -> ask(ActorId.BPFFS, new Msg.PathUnlink(u.path(), s.self()));
            case Syscall.Rename r -> ask(ActorId.BPFFS, new Msg.PathRename(r.from(), r.to(), s.self()));
            case Syscall.HardLink l -> ask(ActorId.BPFFS, new Msg.PathLink(l.from(), l.to(), s.self()));
            case Syscall.Mkdir d -> ask(ActorId.BPFFS, new Msg.PathMkdir(d.path(), s.self()));
            case Syscall.Rmdir d -> ask(ActorId.BPFFS, new Msg.PathRmdir(d.path(), s.self()));
            case Syscall.LinkUpdate u -> probe(u.link(), Want.LINK, Errno.EBADF);
            case Syscall.LinkDetach d -> probe(d.link(), Want.KIND_ONLY, Errno.EBADF);
            case Syscall.GetFdById g -> ask(g.kind().idr(), new Msg.IdLookup(resolve(g.id()), s.self()));
            case Syscall.GetNextId n -> ask(n.kind().idr(), new Msg.IdNext(n.after() == null ? 0 : resolve(n.after()),
                    s.self()));
            case Syscall.Dup d -> {
                FileId f = file(d.fd());
                if (f == null) {
                    finish(Result.error(Errno.EBADF));
                } else {
                    ask(f, new Msg.Get(s.self()));
                }
            }
            case Syscall.Fork f -> {
                if (s.fds().isEmpty()) {
                    forkChild(List.of());
                } else {
                    progress(1, List.of(), s.fds().size(), null, null, null, null);
                    for (FileId file : s.fds().values()) {
                        out.send(file, new Msg.Get(s.self()));
                    }
                }
            }
            case Syscall.Exit x -> exit();
            case Syscall.Show sh -> {
                progress(1, List.of(), 0, null, null, null, null, 0, List.of());
                out.send(sh.kind().idr(), new Msg.IdNext(0, s.self()));
            }
            case Syscall.Signal sig -> {
                out.send(ActorId.SYNC, new Msg.SyncSignal(sig.name()));
                finish(Result.ok(0));
            }
            case Syscall.Wait w -> ask(ActorId.SYNC, new Msg.SyncWait(w.name(), s.self()));
            case Syscall.CgroupMkdir c -> ask(ActorId.CGROUPFS, new Msg.CgroupMkdir(c.name(), s.self()));
            case Syscall.CgroupRmdir c -> ask(ActorId.CGROUPFS, new Msg.CgroupRmdir(c.name(), s.self()));
            case Syscall.CgroupOpen c -> ask(ActorId.CGROUPFS, new Msg.CgroupLookup(c.name(), s.self()));
        }
    }

    private void resume(Msg m) {
        Frame f = s.frame();
        switch (s.call()) {
            case Syscall.ProgLoad p -> {
                Msg.Ready r = (Msg.Ready) m;
                installNew(FileKind.PROG, f.a(), null, p.result(), r.id());
            }
            case Syscall.MapCreate mc -> {
                Msg.Ready r = (Msg.Ready) m;
                installNew(FileKind.MAP, f.a(), null, mc.result(), r.id());
            }
            case Syscall.LinkCreate lc -> linkCreate(lc, f, m);
            case Syscall.ObjPin p -> {
                switch (m) {
                    case Msg.Granted g when f.stage() == 1 -> {
                        progress(2, List.of(), 0, null, null, null, null);
                        out.send(ActorId.BPFFS, new Msg.Mkobj(p.path(), g.ref(), kindOf(g.ref()), s.self()));
                    }
                    case Msg.Refused r -> cleanup(List.of(r.ref()), r.errno());
                    case Msg.Acked a -> finish(Result.ok(0));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.ObjGet g -> {
                switch (m) {
                    case Msg.Granted gr -> installNew(kindOf(gr.ref()), gr.ref(), null, g.result(), idOf(gr.info()));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.Open o -> openSession(o.result(), f, m);
            case Syscall.IterCreate ic -> {
                if (f.stage() == 1 && m instanceof Msg.Granted g && g.ref() instanceof LinkId link) {
                    // bpf_link_get_from_fd took a ref; prepare_seq_file runs with the link held
                    progress(2, List.of(link), 1, null, null, link, null);
                    out.send(link, new Msg.OpenSession(s.self()));
                } else if (f.stage() == 1 && m instanceof Msg.Failed fl) {
                    finish(Result.error(fl.errno()));
                } else {
                    openSession(ic.result(), f, m);
                }
            }
            case Syscall.Read r -> {
                switch (m) {
                    case Msg.ReadReturned rr -> finish(Result.bytes(rr.bytes()));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.Close c -> finish(Result.ok(0));
            case Syscall.Unlink u -> done(m);
            case Syscall.Rename r -> done(m);
            case Syscall.HardLink l -> done(m);
            case Syscall.Mkdir d -> done(m);
            case Syscall.Rmdir d -> done(m);
            case Syscall.CgroupMkdir c -> done(m);
            case Syscall.CgroupRmdir c -> done(m);
            case Syscall.Wait w -> finish(Result.ok(0));
            case Syscall.Signal sig -> throw Refs.unexpected(s.self(), m);
            case Syscall.LinkUpdate u -> linkUpdate(u, f, m);
            case Syscall.LinkDetach d -> {
                // iterator links have no ops->detach
                Msg.Probed p = (Msg.Probed) m;
                finish(Result.error(p.kind() == FileKind.LINK ? Errno.EOPNOTSUPP : Errno.EINVAL));
            }
            case Syscall.GetFdById g -> {
                switch (m) {
                    case Msg.Granted gr -> installNew(kindOf(gr.ref()), gr.ref(), null, g.result(), idOf(gr.info()));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.CgroupOpen c -> {
                switch (m) {
                    case Msg.Granted gr -> installNew(FileKind.CGROUP, gr.ref(), null, c.result(), 0);
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.GetNextId n -> {
                switch (m) {
                    case Msg.NextIdIs ni -> finish(Result.ok(ni.id()));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case Syscall.Dup d -> {
                Msg.Granted g = (Msg.Granted) m;
                FileId file = (FileId) g.ref();
                int fd = install(d.result(), file, s.objects().get(d.fd()), s.ids().getOrDefault(d.fd(), 0));
                finish(Result.fd(fd, s.objects().get(d.fd())));
            }
            case Syscall.Fork fk -> {
                Msg.Granted g = (Msg.Granted) m;
                List<ActorId> held = plus(f.held(), g.ref());
                if (f.awaiting() == 1) {
                    forkChild(held);
                } else {
                    progress(1, held, f.awaiting() - 1, null, null, null, null);
                }
            }
            case Syscall.Exit x -> {
                if (f.awaiting() == 1) {
                    exited();
                } else {
                    progress(1, List.of(), f.awaiting() - 1, null, null, null, null);
                }
            }
            case Syscall.Show sh -> show(sh, f, m);
        }
    }

    // ---- BPF_LINK_CREATE (kernel-semantics §4.1) ----

    private void linkCreate(Syscall.LinkCreate lc, Frame f, Msg m) {
        if (m instanceof Msg.Failed fl) {
            cleanup(f.held(), fl.errno());
            return;
        }
        switch (f.stage()) {
            case 1 -> {
                Msg.Granted g = (Msg.Granted) m;
                Info.ProgInfo pi = (Info.ProgInfo) g.info();
                List<ActorId> held = List.of(g.ref());
                IterTarget t = pi.target();
                boolean taskTarget = t == IterTarget.TASK || t == IterTarget.TASK_FILE;
                // bpf_iter_link_info is a union: a task target reads map.map_fd as task.tid
                int tid = taskTarget && lc.map() != null && lc.tid() == 0 ? fdOf(lc.map()) : lc.tid();
                Errno err = null;
                if (pi.sleepable() && !t.resched()) {
                    err = Errno.EINVAL; // B3: sleepable progs only on BPF_ITER_RESCHED targets
                } else if (lc.tid() != 0 && !taskTarget) {
                    err = Errno.EINVAL;
                } else if (lc.map() != null && t != IterTarget.BPF_MAP_ELEM && !(taskTarget && lc.tid() == 0)
                        || lc.cgroup() != null && t != IterTarget.CGROUP) {
                    err = Errno.EINVAL;
                } else if (t == IterTarget.BPF_MAP_ELEM && lc.map() == null) {
                    err = Errno.EBADF; // map_fd 0
                } else if (t == IterTarget.CGROUP && (lc.order() == null || lc.cgroup() == null)) {
                    err = Errno.EINVAL;
                }
                if (err != null) {
                    cleanup(held, err);
                    return;
                }
                String attachVar = taskTarget ? null : lc.map() != null ? lc.map() : lc.cgroup();
                if (attachVar == null) {
                    prime(lc, held, g.ref(), pi, new Attach(null, 0, null, null, tid));
                    return;
                }
                FileId af = file(attachVar);
                if (af == null) {
                    cleanup(held, Errno.EBADF);
                    return;
                }
                progress(2, held, 0, null, g.ref(), null, pi);
                out.send(af, new Msg.Probe(lc.map() != null ? Want.MAP : Want.CGROUP, s.self()));
            }
            case 2 -> {
                // attach_target: the model resolves the attach fd before bpf_link_prime (only error precedence differs)
                Msg.Granted g = (Msg.Granted) m;
                List<ActorId> held = plus(f.held(), g.ref());
                Attach attach;
                if (g.info() instanceof Info.MapInfo mi) {
                    if (!mi.type().elemIterable()) {
                        cleanup(held, Errno.EINVAL);
                        return;
                    }
                    attach = new Attach((MapId) g.ref(), mi.id(), null, null, 0);
                } else {
                    attach = new Attach(null, 0, (ActorId.CgroupId) g.ref(), lc.order(), 0);
                }
                prime(lc, held, f.a(), (Info.ProgInfo) f.info(), attach);
            }
            case 3 -> {
                int id = ((Msg.Ready) m).id();
                LinkId link = (LinkId) f.a();
                if (env.semantics().primeIdFirst()) {
                    if ("file".equals(lc.fault())) {
                        // anon file failed: bpf_link_free_id first, then kfree the link (which puts the prog)
                        progress(5, List.of(link), 0, null, link, null, null);
                        out.send(ActorId.LINK_IDR, new Msg.IdRemove(id, s.self()));
                        return;
                    }
                    FileId file = newFile(FileKind.LINK, link, null);
                    progress(4, List.of(file), 0, null, link, file, null, id, List.of());
                } else {
                    progress(4, f.held(), 0, null, link, f.b(), null, id, List.of());
                }
                out.send(ActorId.LINK_IDR, new Msg.IdSettle(id, s.self()));
            }
            case 5 -> {
                progress(CLEANUP, List.of(), 1, Errno.ENOMEM, null, null, null);
                out.send(f.a(), new Msg.Discard(f.a(), s.self()));
            }
            case 4 -> {
                // bpf_link_settle: link->id is set, then fd_install
                int fd = install(lc.result(), (FileId) f.b(), f.a(), (int) f.number());
                finish(Result.fd(fd, f.a()));
            }
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    /** bpf_link_init + bpf_link_prime: the link takes over the prog and attach references. */
    private void prime(Syscall.LinkCreate lc, List<ActorId> held, ActorId prog, Info.ProgInfo pi, Attach attach) {
        LinkId link = spawnId(LinkId::new);
        out.spawn(link, new Event.LinkPrimed(link, (ProgId) prog, pi, pi.target(), attach));
        if (env.semantics().primeIdFirst()) {
            if ("idr".equals(lc.fault())) {
                progress(CLEANUP, List.of(), 1, Errno.ENOSPC, null, null, null);
                out.send(link, new Msg.Discard(link, s.self()));
                return;
            }
            progress(3, List.of(link), 0, null, link, null, pi);
        } else {
            // B1: the anon file (whose release puts the link) is made before the id
            FileId file = newFile(FileKind.LINK, link, null);
            if ("idr".equals(lc.fault())) {
                progress(CLEANUP, List.of(), 2, Errno.ENOSPC, null, null, null);
                out.send(link, new Msg.Discard(null, s.self())); // kfree while the file still points at it
                out.send(file, new Msg.Put(file, PutMode.DIRECT, s.self()));
                return;
            }
            progress(3, List.of(file), 0, null, link, file, pi);
        }
        out.send(ActorId.LINK_IDR, new Msg.IdAlloc(link, false, s.self()));
    }

    // ---- open(2) of a pin and BPF_ITER_CREATE: prepare_seq_file (kernel-semantics §4.4, §4.5) ----

    private void openSession(String var, Frame f, Msg m) {
        switch (f.stage()) {
            case 1, 2 -> {
                List<ActorId> held = f.held();
                int awaiting = f.awaiting();
                ActorId inode = f.a();
                SessionTemplate t = f.template();
                switch (m) {
                    case Msg.Failed fl -> {
                        cleanup(held, fl.errno());
                        return;
                    }
                    case Msg.DirOpened d -> {
                        installNew(FileKind.DIR, ActorId.BPFFS, null, var, 0);
                        return;
                    }
                    case Msg.Granted g when g.ref() instanceof InodeId i -> {
                        held = plus(held, i);
                        inode = i;
                        awaiting--;
                    }
                    case Msg.SessionLinkGranted sl -> {
                        held = plus(held, sl.template().link());
                        t = sl.template();
                        awaiting--;
                    }
                    case Msg.SessionProgGranted sp -> {
                        held = plus(held, sp.template().prog());
                        t = sp.template();
                        awaiting--;
                    }
                    case Msg.ProgSnapshot snap -> {
                        // bug-prog-ref-outside-lock: the reference is asked for after link_mutex was dropped
                        t = snap.template();
                        out.send(t.prog(), new Msg.Get(s.self()));
                    }
                    case Msg.Granted g when g.ref() instanceof ProgId p -> {
                        held = plus(held, p);
                        t = t.withProg(p, (Info.ProgInfo) g.info());
                        awaiting--;
                    }
                    default -> throw Refs.unexpected(s.self(), m);
                }
                if (awaiting > 0) {
                    progress(f.stage(), held, awaiting, null, inode, f.b(), null, t, 0, List.of());
                    return;
                }
                if (env.semantics().linkPerSession()) {
                    // the RFC design: the session's prog reference goes into a link of its own, with an id
                    LinkId own = spawnId(LinkId::new);
                    out.spawn(own, new Event.LinkPrimed(own, t.prog(), t.progInfo(), t.target(),
                            new Attach(null, 0, null, null, t.attach().tid())));
                    List<ActorId> h = new ArrayList<>(held);
                    h.remove(t.prog());
                    h.add(own);
                    progress(7, h, 1, null, inode, f.b(), null, new SessionTemplate(own, t.target(), t.attach(), null,
                            null), 0, List.of());
                    out.send(ActorId.LINK_IDR, new Msg.IdAlloc(own, false, s.self()));
                    return;
                }
                initSeqPrivate(held, inode, f.b(), t);
            }
            case 7 -> {
                progress(8, f.held(), 1, null, f.a(), f.b(), null, f.template(), ((Msg.Ready) m).id(), List.of());
                out.send(ActorId.LINK_IDR, new Msg.IdSettle(((Msg.Ready) m).id(), s.self()));
            }
            case 8 -> initSeqPrivate(f.held(), f.a(), f.b(), f.template());
            case 5, 6 -> openSessionTail(var, f, m);
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    /** init_seq_private: the targets that read objects during read() pin them now; then the session id. */
    private void initSeqPrivate(List<ActorId> held, ActorId inode, ActorId link, SessionTemplate t) {
        ActorId targetObject = null;
        if (t.target() == IterTarget.BPF_MAP_ELEM && env.semantics().sessionHoldsMap()) {
            targetObject = t.attach().map();
        } else if (t.target() == IterTarget.CGROUP && env.semantics().sessionHoldsCgroup()) {
            targetObject = t.attach().cgroup();
        }
        if (targetObject != null) {
            progress(5, held, 1, null, inode, link, null, t, 0, List.of());
            out.send(targetObject, new Msg.Get(s.self()));
        } else {
            progress(6, held, 1, null, inode, link, null, t, 0, List.of());
            out.send(ActorId.SESSION_COUNTER, new Msg.NextSessionId(s.self()));
        }
    }

    /** init_seq_private's references arrive, then the session id: the session and its file are made. */
    private void openSessionTail(String var, Frame f, Msg m) {
        switch (f.stage()) {
            case 5 -> {
                Msg.Granted g = (Msg.Granted) m;
                progress(6, plus(f.held(), g.ref()), 1, null, f.a(), f.b(), null, f.template(), 0, List.of());
                out.send(ActorId.SESSION_COUNTER, new Msg.NextSessionId(s.self()));
            }
            case 6 -> {
                long sid = ((Msg.SessionIdIs) m).id();
                SessionTemplate t = f.template();
                InodeId inode = (InodeId) f.a();
                // what the session keeps: all the call holds but the pin's inode (the file's), the prog
                // (the session's own, in the template) and ITER_CREATE's link lookup (put below)
                List<ActorId> targetRefs = new ArrayList<>(f.held());
                targetRefs.remove(inode);
                targetRefs.remove(t.prog());
                targetRefs.remove(f.b());
                SessionId session = spawnId(SessionId::new);
                int fixed = switch (t.target()) {
                    // a tid names one thread; the model takes it to exist in the opener's namespace
                    case TASK, TASK_FILE -> t.attach().tid() != 0 ? Math.min(1, env.scenario().objectCount(t.target()))
                            : env.scenario().objectCount(t.target());
                    case BPF_MAP -> env.scenario().objectCount(t.target());
                    case BPF_MAP_ELEM, CGROUP -> -1;
                };
                out.spawn(session, new Event.SessionOpened(session, t, sid, List.copyOf(targetRefs), fixed));
                FileId file = newFile(FileKind.SESSION, session, inode);
                int fd = install(var, file, session, 0);
                ActorId link = f.b();
                if (link == null) {
                    finish(Result.fd(fd, session));
                } else {
                    // BPF_ITER_CREATE puts the link reference it took: the session never holds the link
                    progress(CLEANUP, List.of(), 1, null, session, null, null, fd, List.of());
                    out.send(link, new Msg.Put(link, PutMode.DIRECT, s.self()));
                }
            }
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    // ---- BPF_LINK_UPDATE (kernel-semantics §4.9) ----

    private void linkUpdate(Syscall.LinkUpdate u, Frame f, Msg m) {
        if (m instanceof Msg.Failed fl) {
            cleanup(f.held(), fl.errno());
            return;
        }
        switch (f.stage()) {
            case 1 -> {
                Msg.Granted g = (Msg.Granted) m;
                List<ActorId> held = List.of(g.ref());
                FileId pf = file(u.newProg());
                if (pf == null) {
                    cleanup(held, Errno.EBADF);
                    return;
                }
                progress(2, held, 0, null, g.ref(), null, null);
                out.send(pf, new Msg.Probe(Want.PROG, s.self()));
            }
            case 2 -> {
                Msg.Granted g = (Msg.Granted) m;
                List<ActorId> held = plus(f.held(), g.ref());
                if (u.oldProg() == null) {
                    sendUpdate(f.a(), held, (ProgId) g.ref(), (Info.ProgInfo) g.info(), null);
                    return;
                }
                FileId of = file(u.oldProg());
                if (of == null) {
                    cleanup(held, Errno.EBADF);
                    return;
                }
                progress(3, held, 0, null, f.a(), g.ref(), g.info());
                out.send(of, new Msg.Probe(Want.PROG, s.self()));
            }
            case 3 -> {
                Msg.Granted g = (Msg.Granted) m;
                sendUpdate(f.a(), plus(f.held(), g.ref()), (ProgId) f.b(), (Info.ProgInfo) f.info(), (ProgId) g.ref());
            }
            case 4 -> {
                switch (m) {
                    case Msg.Acked a -> cleanup(f.held(), null); // the old prog is put; now our own lookups
                    case Msg.Refused r -> cleanup(plus(f.held(), r.ref()), r.errno());
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    private void sendUpdate(ActorId link, List<ActorId> held, ProgId newProg, Info.ProgInfo info, ProgId old) {
        List<ActorId> keep = new ArrayList<>(held);
        keep.remove(newProg); // the update carries the new prog's reference to the link
        progress(4, keep, 0, null, link, newProg, info);
        out.send(link, new Msg.Update(newProg, info, old, s.self()));
    }

    // ---- bpftool link show / prog show ----

    private void show(Syscall.Show sh, Frame f, Msg m) {
        ActorId idr = sh.kind().idr();
        switch (f.stage()) {
            case 1 -> {
                switch (m) {
                    case Msg.NextIdIs n -> {
                        progress(2, List.of(), 0, null, null, null, null, n.id(), f.listing());
                        out.send(idr, new Msg.IdLookup(n.id(), s.self()));
                    }
                    case Msg.Failed fl when fl.errno() == Errno.ENOENT -> finish(Result.listing(f.listing()));
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case 2 -> {
                switch (m) {
                    case Msg.Granted g -> {
                        progress(3, List.of(g.ref()), 0, null, g.ref(), null, null, f.number(), f.listing());
                        out.send(g.ref(), new Msg.QueryInfo(s.self()));
                    }
                    case Msg.Failed fl when fl.errno() == Errno.ENOENT -> {
                        // the object went between GET_NEXT_ID and GET_FD_BY_ID: bpftool skips it
                        progress(1, List.of(), 0, null, null, null, null, f.number(), f.listing());
                        out.send(idr, new Msg.IdNext((int) f.number(), s.self()));
                    }
                    case Msg.Failed fl -> finish(Result.error(fl.errno()));
                    default -> throw Refs.unexpected(s.self(), m);
                }
            }
            case 3 -> {
                Info info = ((Msg.Informed) m).info();
                List<Info> listing = new ArrayList<>(f.listing());
                listing.add(info);
                progress(4, List.of(), 0, null, null, null, null, f.number(), List.copyOf(listing));
                out.send(f.a(), new Msg.Put(f.a(), PutMode.DIRECT, s.self()));
            }
            case 4 -> {
                progress(1, List.of(), 0, null, null, null, null, f.number(), f.listing());
                out.send(idr, new Msg.IdNext((int) f.number(), s.self()));
            }
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    // ---- fork and exit ----

    private void forkChild(List<ActorId> files) {
        TaskId child = new TaskId(((Syscall.Fork) s.call()).child());
        SortedMap<Integer, FileId> fds = s.fds(); // dup_fd: each file's count was raised above, one per fd
        out.spawn(child, new Event.TaskForked(child, s.self(), s.vars(), fds, s.objects(), s.ids()));
        progress(1, List.of(), 0, null, null, null, null);
        out.send(child, new Msg.Start(new TreeMap<>()));
        finish(Result.ok(0));
    }

    private void exit() {
        if (s.fds().isEmpty()) {
            exited();
            return;
        }
        progress(1, List.of(), s.fds().size(), null, null, null, null);
        for (var e : s.fds().entrySet()) {
            emit(new Event.FdClosed(e.getKey()));
            out.send(e.getValue(), new Msg.Put(e.getValue(), PutMode.DIRECT, s.self()));
        }
    }

    private void exited() {
        emit(new Event.TaskExited());
        if (s.self().name().equals(Scenario.SETUP)) {
            // the other tasks start once setup is done, knowing setup's ids ("setup.l")
            TreeMap<String, Integer> ids = new TreeMap<>();
            for (var e : s.ids().entrySet()) {
                if (!e.getKey().contains(".")) {
                    ids.put(Scenario.SETUP + "." + e.getKey(), e.getValue());
                }
            }
            for (TaskDef t : env.scenario().tasks()) {
                if (!t.forked()) {
                    out.send(new TaskId(t.name()), new Msg.Start(ids));
                }
            }
        }
    }

    // ---- shared pieces ----

    /** The error path: put what the call holds, then return {@code error} (or the pending success). */
    private void cleanup(List<ActorId> held, Errno error) {
        if (held.isEmpty()) {
            finish(error == null ? Result.ok(0) : Result.error(error));
            return;
        }
        progress(CLEANUP, List.of(), held.size(), error, null, null, null);
        for (ActorId h : held) {
            out.send(h, new Msg.Put(h, PutMode.DIRECT, s.self()));
        }
    }

    private void cleanupAck(Msg m) {
        Frame f = s.frame();
        if (!(m instanceof Msg.Acked) && !(m instanceof Msg.IdRemoved)) {
            throw Refs.unexpected(s.self(), m);
        }
        if (f.awaiting() > 1) {
            progress(CLEANUP, f.held(), f.awaiting() - 1, f.error(), f.a(), f.b(), f.info(), f.template(), f.number(),
                    f.listing());
        } else if (f.error() != null) {
            finish(Result.error(f.error()));
        } else if (f.a() != null) {
            finish(Result.fd((int) f.number(), f.a()));
        } else {
            finish(Result.ok(0));
        }
    }

    private void done(Msg m) {
        switch (m) {
            case Msg.Acked a -> finish(Result.ok(0));
            case Msg.Failed fl -> finish(Result.error(fl.errno()));
            default -> throw Refs.unexpected(s.self(), m);
        }
    }

    /** fdget of a variable and the kind check the call makes; EBADF-like error when the fd is gone. */
    private void probe(String var, Want want, Errno noFd) {
        FileId f = file(var);
        if (f == null) {
            finish(Result.error(noFd));
        } else {
            ask(f, new Msg.Probe(want, s.self()));
        }
    }

    private void ask(ActorId to, Msg m) {
        progress(1, List.of(), 0, null, null, null, null);
        out.send(to, m);
    }

    private void installNew(FileKind kind, ActorId object, InodeId inode, String var, int kernelId) {
        FileId file = newFile(kind, object, inode);
        int fd = install(var, file, object, kernelId);
        finish(Result.fd(fd, object));
    }

    private FileId newFile(FileKind kind, ActorId object, InodeId inode) {
        FileId file = spawnId(FileId::new);
        out.spawn(file, new Event.FileOpened(file, kind, object, inode));
        return file;
    }

    /** fd_install at the lowest free fd from 3. */
    private int install(String var, FileId file, ActorId object, int kernelId) {
        int fd = 3;
        while (s.fds().containsKey(fd)) {
            fd++;
        }
        emit(new Event.FdInstalled(var, fd, file, object, kernelId));
        progress(s.frame().stage(), List.of(), 0, null, null, null, null);
        return fd;
    }

    /** Names a new object by this task and its own counter: the same in every runtime and schedule. */
    private <T extends ActorId> T spawnId(java.util.function.BiFunction<String, Integer, T> make) {
        T id = make.apply(s.self().name(), s.spawned() + 1);
        emit(new Event.Spawned(id));
        return id;
    }

    /** The fd number a variable holds (what the kernel reads from a union field), or 0. */
    private int fdOf(String var) {
        Integer fd = s.vars().get(var);
        return fd == null ? 0 : fd;
    }

    private FileId file(String var) {
        Integer fd = s.vars().get(var);
        return fd == null ? null : s.fds().get(fd);
    }

    private int resolve(Syscall.IdRef ref) {
        if (!ref.symbolic()) {
            return ref.literal();
        }
        String key = ref.task().equals(s.self().name()) ? ref.var() : ref.task() + "." + ref.var();
        return s.ids().getOrDefault(key, 0);
    }

    private static FileKind kindOf(ActorId obj) {
        return switch (obj.kind()) {
            case PROG -> FileKind.PROG;
            case LINK -> FileKind.LINK;
            case MAP -> FileKind.MAP;
            case CGROUP -> FileKind.CGROUP;
            default -> throw new IllegalStateException("no fd kind for " + obj);
        };
    }

    private static int idOf(Info info) {
        return switch (info) {
            case Info.ProgInfo p -> p.id();
            case Info.LinkInfo l -> l.id();
            case Info.MapInfo mi -> mi.id();
            case Info.CgroupInfo c -> 0;
            case null -> 0;
        };
    }

    private static List<ActorId> plus(List<ActorId> l, ActorId a) {
        List<ActorId> c = new ArrayList<>(l);
        c.add(a);
        return List.copyOf(c);
    }

    private void progress(int stage, List<ActorId> held, int awaiting, Errno error, ActorId a, ActorId b, Info info) {
        progress(stage, held, awaiting, error, a, b, info, s.frame() == null ? 0 : s.frame().number(), List.of());
    }

    private void progress(int stage, List<ActorId> held, int awaiting, Errno error, ActorId a, ActorId b, Info info,
                          long number, List<Info> listing) {
        progress(stage, held, awaiting, error, a, b, info, null, number, listing);
    }

    private void progress(int stage, List<ActorId> held, int awaiting, Errno error, ActorId a, ActorId b, Info info,
                          SessionTemplate t, long number, List<Info> listing) {
        // held references in a canonical order: equal states stay equal whatever order replies came in
        List<ActorId> sorted = held.size() > 1 ? held.stream().sorted().toList() : List.copyOf(held);
        emit(new Event.SyscallProgressed(new Frame(stage, sorted, awaiting, error, a, b, info, t, number,
                listing)));
    }

    private void emit(Event e) {
        out.event(e);
        s = Task.apply(s, e);
    }
}
