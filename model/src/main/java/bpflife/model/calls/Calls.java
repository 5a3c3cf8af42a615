package bpflife.model.calls;

import bpflife.model.scenario.Stmt;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's step: its statements one after the other, each a system call that {@link #enter}s the
 * kernel and then moves through the states of its {@link Call} as replies come.
 */
public final class Calls {
    private Calls() {}

    /** Delivers {@code m} to the task {@code host} runs. */
    public static void step(Host host, Msg.ToTask m) {
        Step c = new Step(host);
        switch (m) {
            case Msg.Start st -> {
                c.emit(new Event.TaskStarted(st.setupIds()));
                if (c.scenario().namedByTid(c.self().name())) {
                    // the task's address space, which a task_vma link walks (docs/ITERATION-REFS.md)
                    bpflife.protocol.ActorId.MmId mm = new bpflife.protocol.ActorId.MmId(c.self().name());
                    c.spawn(mm, new Event.MmCreated(mm, c.scenario().objectCount(bpflife.protocol.IterTarget.TASK_VMA)));
                    c.emit(new Event.TaskMmHeld(mm));
                    if (Step.loadsTaskFile(c.scenario())) {
                        // its files table, which a task_file link walks
                        bpflife.protocol.ActorId.FilesId files = new bpflife.protocol.ActorId.FilesId(c.self().name());
                        c.spawn(files, new Event.FilesTableCreated(files));
                        c.emit(new Event.TaskFilesHeld(files));
                    }
                }
                next(c);
            }
            case Msg.Continue x -> next(c);
            case Msg.Granted g -> at(c, m).granted(c, g);
            case Msg.Failed f -> at(c, m).failed(c, f);
            case Msg.Refused r -> at(c, m).refused(c, r);
            case Msg.Acked a -> at(c, m).acked(c, a);
            case Msg.Ready r -> at(c, m).ready(c, r);
            case Msg.Probed p -> at(c, m).probed(c, p);
            case Msg.NextIdIs n -> at(c, m).nextIdIs(c, n);
            case Msg.SessionIdIs n -> at(c, m).sessionIdIs(c, n);
            case Msg.ReadReturned r -> at(c, m).readReturned(c, r);
            case Msg.SessionProgGranted g -> at(c, m).sessionProgGranted(c, g);
            case Msg.SessionLinkGranted g -> at(c, m).sessionLinkGranted(c, g);
            case Msg.ProgSnapshot p -> at(c, m).progSnapshot(c, p);
            case Msg.Informed i -> at(c, m).informed(c, i);
            case Msg.DirOpened d -> at(c, m).dirOpened(c, d);
            case Msg.Woken w -> at(c, m).woken(c, w);
            case Msg.IdRemoved r -> at(c, m).idRemoved(c, r);
        }
    }

    /** The state the task's call waits in; a reply when no call waits is a bug of the model. */
    private static Call at(Step c, Msg m) {
        Call at = c.task().at();
        if (at == null) {
            throw c.unexpected(null, m);
        }
        return at;
    }

    private static void next(Step c) {
        TaskState s = c.task();
        List<Stmt> body = c.scenario().task(s.self().name()).body();
        if (s.exiting() || s.pc() >= body.size()) {
            Syscall.Exit exit = new Syscall.Exit();
            c.emit(new Event.SyscallEntered(s.pc(), exit));
            Exit.enter(c, exit);
            return;
        }
        Syscall call = body.get(s.pc()).call();
        c.emit(new Event.SyscallEntered(s.pc(), call));
        enter(c, call);
    }

    static void enter(Step c, Syscall call) {
        switch (call) {
            case Syscall.ProgLoad p -> ProgLoad.enter(c, p);
            case Syscall.MapCreate mc -> MapCreate.enter(c, mc);
            case Syscall.LinkCreate lc -> LinkCreate.enter(c, lc);
            case Syscall.ObjPin p -> ObjPin.enter(c, p);
            case Syscall.ObjGet g -> ObjGet.enter(c, g);
            case Syscall.Open o -> Open.enter(c, o);
            case Syscall.IterCreate ic -> IterCreate.enter(c, ic);
            case Syscall.Read r -> Read.enter(c, r);
            case Syscall.Close cl -> Close.enter(c, cl);
            case Syscall.Unlink u -> FsCall.enter(c, u);
            case Syscall.Rename r -> FsCall.enter(c, r);
            case Syscall.HardLink l -> FsCall.enter(c, l);
            case Syscall.Mkdir d -> FsCall.enter(c, d);
            case Syscall.Rmdir d -> FsCall.enter(c, d);
            case Syscall.CgroupMkdir d -> FsCall.enter(c, d);
            case Syscall.CgroupRmdir d -> FsCall.enter(c, d);
            case Syscall.LinkUpdate u -> LinkUpdate.enter(c, u);
            case Syscall.LinkDetach d -> LinkDetach.enter(c, d);
            case Syscall.GetFdById g -> GetFdById.enter(c, g);
            case Syscall.GetNextId n -> GetNextId.enter(c, n);
            case Syscall.Dup d -> Dup.enter(c, d);
            case Syscall.Fork f -> Fork.enter(c, f);
            case Syscall.Exit x -> Exit.enter(c, x);
            case Syscall.Show sh -> Show.enter(c, sh);
            case Syscall.Signal sig -> Signal.enter(c, sig);
            case Syscall.Wait w -> Wait.enter(c, w);
            case Syscall.CgroupOpen co -> CgroupOpen.enter(c, co);
            case Syscall.Write w -> FileIo.enter(c, w);
            case Syscall.Lseek l -> FileIo.enter(c, l);
        }
    }

    /**
     * Every call state record by its journal name ({@code "LinkUpdate.Updating"}, the shared
     * {@code "CleaningUp"}), in declaration order: what a journal reader registers.
     */
    public static Map<String, Class<? extends Call>> stateTypes() {
        Map<String, Class<? extends Call>> types = new LinkedHashMap<>();
        collect(Call.class, types);
        return Collections.unmodifiableMap(types);
    }

    private static void collect(Class<?> c, Map<String, Class<? extends Call>> into) {
        if (c.isRecord()) {
            Class<?> outer = c.getEnclosingClass();
            String name = outer == null ? c.getSimpleName() : outer.getSimpleName() + "." + c.getSimpleName();
            into.put(name, c.asSubclass(Call.class));
            return;
        }
        List<Class<?>> subs = new ArrayList<>(List.of(c.getPermittedSubclasses()));
        for (Class<?> sub : subs) {
            collect(sub, into);
        }
    }
}
