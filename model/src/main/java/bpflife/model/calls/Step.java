package bpflife.model.calls;

import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.FileKind;
import bpflife.protocol.FileMode;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One step of one task: what a call reads (the task's fds, variables and ids, the scenario, the
 * semantics) and the pieces every call shares (fd install, a new file, spawn ids, the error path).
 * It applies its own events as it goes, so that later decisions in the same step see them.
 * Local to one delivery, never shared.
 */
public final class Step {
    private final Host host;

    Step(Host host) {
        this.host = host;
    }

    TaskState task() {
        return host.task();
    }

    TaskId self() {
        return host.task().self();
    }

    /** The semantics' rules the calls read. */
    Rules rules() {
        return host.rules();
    }

    Scenario scenario() {
        return host.scenario();
    }

    /** The call in progress, as its caller knows it is. */
    <T extends Syscall> T call(Class<T> kind) {
        return kind.cast(task().call());
    }

    /** The one place a reply the model does not expect is reported. */
    IllegalStateException unexpected(Object state, Msg m) {
        return new IllegalStateException(task().self().key() + " in " + task().call() + " at " + state + " cannot take "
                + m + ": a bug of the model");
    }

    void emit(Event.TaskEvent e) {
        host.event(e);
    }

    void send(ActorId to, Msg m) {
        host.send(to, m);
    }

    void spawn(ActorId id, Event born) {
        host.spawn(id, born);
    }

    /** The call waits in {@code next} now. */
    void moveTo(Call next) {
        emit(new Event.SyscallMoved(next));
    }

    /** Moves to {@code next} and asks {@code to}. */
    void ask(ActorId to, Msg m, Call next) {
        moveTo(next);
        host.send(to, m);
    }

    /** The call returns to user space; the task goes on with its next statement. */
    void finish(Result r) {
        Syscall call = task().call();
        int pc = task().pc();
        emit(new Event.SyscallReturned(pc, call, r));
        host.reply(r);
        if (!r.ok() && call.result() != null) {
            emit(new Event.TaskBailed(pc)); // as cat exits when open fails
        }
        host.send(task().self(), new Msg.Continue());
    }

    void fail(Errno e) {
        finish(Result.error(e));
    }

    /** The error path: put what the call holds, in this order, and return {@code error} (or 0) after. */
    void cleanup(List<ActorId> held, Errno error) {
        cleanup(held, error == null ? Result.ok(0) : Result.error(error));
    }

    /** Puts what the call holds, in this order, and returns {@code returns} once every put is acked. */
    void cleanup(List<ActorId> held, Result returns) {
        if (held.isEmpty()) {
            finish(returns);
            return;
        }
        moveTo(new CleaningUp(returns, held.size()));
        for (ActorId h : held) {
            host.send(h, new Msg.Put(h, PutMode.DIRECT, task().self()));
        }
    }

    /** fdget of a variable and the kind check the call makes; {@code noFd} when the fd is not open. */
    void probe(String var, Want want, Errno noFd, Call next) {
        FileId f = file(var);
        if (f == null) {
            fail(noFd);
        } else {
            ask(f, new Msg.Probe(want, task().self()), next);
        }
    }

    /** A reference granted on a lookup (OBJ_GET, GET_FD_BY_ID) goes into a new file and fd. */
    void installGranted(Msg.Granted g) {
        installGranted(g, defaultMode(kindOf(g.ref())));
    }

    /** As {@link #installGranted(Msg.Granted)}, the file opened with {@code mode} (OBJ_GET's file_flags). */
    void installGranted(Msg.Granted g, FileMode mode) {
        FileId file = newFile(kindOf(g.ref()), g.ref(), null, mode);
        int fd = install(task().call().result(), file, g.ref(), Info.idOf(g.info()));
        finish(Result.fd(fd, g.ref()));
    }

    /** A new file on {@code object}, installed, and the call returns its fd. */
    void installNew(FileKind kind, ActorId object, InodeId inode, String var, int kernelId) {
        FileId file = newFile(kind, object, inode);
        int fd = install(var, file, object, kernelId);
        finish(Result.fd(fd, object));
    }

    FileId newFile(FileKind kind, ActorId object, InodeId inode) {
        return newFile(kind, object, inode, defaultMode(kind));
    }

    FileId newFile(FileKind kind, ActorId object, InodeId inode, FileMode mode) {
        FileId file = spawnId(FileId::new);
        host.spawn(file, new Event.FileOpened(file, kind, object, inode, mode));
        return file;
    }

    /** The f_mode a file of this kind is made with ({@link FileMode#of}). */
    static FileMode defaultMode(FileKind kind) {
        return FileMode.of(kind);
    }

    /** fd_install at the lowest free fd from 3; published in the task's files table if it has one. */
    int install(String var, FileId file, ActorId object, int kernelId) {
        int fd = 3;
        while (task().fds().containsKey(fd)) {
            fd++;
        }
        emit(new Event.FdInstalled(var, fd, file, object, kernelId));
        ActorId.FilesId files = filesTable();
        if (files != null) {
            send(files, new Msg.PublishFd(fd, file));
        }
        return fd;
    }

    /**
     * The task's files table, when modelled (a task that a {@code tid NAME} link names, in a
     * scenario that loads a task_file program, docs/ITERATION-REFS.md); else null.
     */
    ActorId.FilesId filesTable() {
        return task().files();
    }

    /** Whether some task of the scenario loads a task_file program (read only for named tasks). */
    static boolean loadsTaskFile(Scenario sc) {
        List<bpflife.model.scenario.TaskDef> all = new ArrayList<>(sc.tasks());
        all.add(sc.setup());
        for (bpflife.model.scenario.TaskDef t : all) {
            for (bpflife.model.scenario.Stmt st : t.body()) {
                if (st.call() instanceof Syscall.ProgLoad p && p.target() == bpflife.protocol.IterTarget.TASK_FILE) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names a new object by this task and its own counter: the same in every runtime and schedule. */
    <T extends ActorId> T spawnId(BiFunction<String, Integer, T> make) {
        T id = make.apply(task().self().name(), task().spawned() + 1);
        emit(new Event.Spawned(id));
        return id;
    }

    /** The fd number a variable holds (what the kernel reads from a union field), or 0. */
    int fdOf(String var) {
        Integer fd = task().vars().get(var);
        return fd == null ? 0 : fd;
    }

    /** The file behind a variable's fd, or null when it is not open. */
    FileId file(String var) {
        Integer fd = task().vars().get(var);
        return fd == null ? null : task().fds().get(fd);
    }

    /** An id operand: a literal, or the kernel id of the object a variable was bound to. */
    int resolve(Syscall.IdRef ref) {
        if (!ref.symbolic()) {
            return ref.literal();
        }
        String key = ref.task().equals(task().self().name()) ? ref.var() : ref.task() + "." + ref.var();
        return task().ids().getOrDefault(key, 0);
    }

    static FileKind kindOf(ActorId obj) {
        return switch (obj.kind()) {
            case PROG -> FileKind.PROG;
            case LINK -> FileKind.LINK;
            case MAP -> FileKind.MAP;
            case CGROUP -> FileKind.CGROUP;
            case TASK, FILE, SESSION, INODE, MM, FILES, SERVICE -> throw new IllegalStateException("no fd kind for " + obj);
        };
    }

    /** References in the canonical order a state keeps them in. */
    static List<ActorId> sorted(List<ActorId> refs) {
        return refs.size() > 1 ? refs.stream().sorted().toList() : List.copyOf(refs);
    }

    /** {@code refs} and then {@code more}, in that order (the order puts go out in). */
    static List<ActorId> plus(List<ActorId> refs, ActorId more) {
        List<ActorId> c = new ArrayList<>(refs);
        c.add(more);
        return List.copyOf(c);
    }
}
