package bpflife.model.calls;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Syscall;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * exit(2) (kernel/exit.c do_exit()): exit_mm() drops the task's address space (when modelled: a
 * task_vma link names the task), then exit_files() closes every fd still open; then the task is gone.
 */
public final class Exit {
    private Exit() {}

    public sealed interface State extends Call {}

    /** The fputs are in flight (each carries its fd's reference); {@code awaiting} are not yet done. */
    public record Closing(int awaiting) implements State {
        @Override
        public List<ActorId> held() {
            return List.of();
        }

        @Override
        public void acked(Step c, Msg.Acked m) {
            if (awaiting == 1) {
                exited(c);
            } else {
                c.moveTo(new Closing(awaiting - 1));
            }
        }
    }

    static void enter(Step c, Syscall.Exit x) {
        Map<Integer, FileId> fds = c.task().fds();
        ActorId.MmId mm = c.task().mm();
        ActorId.FilesId files = c.filesTable();
        if (fds.isEmpty() && mm == null) {
            exited(c);
            return;
        }
        c.moveTo(new Closing(fds.size() + (mm == null ? 0 : 1)));
        if (mm != null) {
            // exit_mm(): task->mm cleared under task_lock, then mmput (acknowledged when done)
            c.emit(new Event.TaskMmHeld(null));
            c.send(mm, new Msg.Put(mm, PutMode.DIRECT, c.self()));
        }
        for (var e : fds.entrySet()) {
            c.emit(new Event.FdClosed(e.getKey()));
            if (files != null) {
                // exit_files(): task->files = NULL (the first drop says so), then each file is put
                c.send(files, new Msg.DropFd(e.getKey(), e.getValue(), c.self(), true));
            } else {
                c.send(e.getValue(), new Msg.Put(e.getValue(), PutMode.DIRECT, c.self()));
            }
        }
    }

    private static void exited(Step c) {
        c.emit(new Event.TaskExited());
        if (c.self().name().equals(Scenario.SETUP)) {
            // the other tasks start once setup is done, knowing setup's ids ("setup.l")
            TreeMap<String, Integer> ids = new TreeMap<>();
            for (var e : c.task().ids().entrySet()) {
                if (!e.getKey().contains(".")) {
                    ids.put(Scenario.SETUP + "." + e.getKey(), e.getValue());
                }
            }
            for (TaskDef t : c.scenario().tasks()) {
                if (!t.forked()) {
                    c.send(new TaskId(t.name()), new Msg.Start(ids));
                }
            }
        }
    }
}
