package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * fork(2) (kernel/fork.c copy_files(), dup_fd()): each open file's count is raised once per fd,
 * then the child starts with a copy of the fd table.
 */
public final class Fork {
    private Fork() {}

    public sealed interface State extends Call {}

    /**
     * get_file() on each fd's file: {@code held} are the references granted so far (the child's,
     * held by the call until the child exists), {@code awaiting} those still to come.
     */
    public record Raising(List<ActorId> held, int awaiting) implements State {
        @Override
        public void granted(Step c, Msg.Granted m) {
            List<ActorId> now = Step.plus(held, m.ref());
            if (awaiting == 1) {
                forkChild(c);
            } else {
                c.moveTo(new Raising(Step.sorted(now), awaiting - 1));
            }
        }
    }

    static void enter(Step c, Syscall.Fork f) {
        SortedMap<Integer, FileId> fds = c.task().fds();
        if (fds.isEmpty()) {
            forkChild(c);
            return;
        }
        c.moveTo(new Raising(List.of(), fds.size()));
        for (FileId file : fds.values()) {
            c.send(file, new Msg.Get(c.self()));
        }
    }

    /** The child's fd table is the parent's: each file's count was raised above, one per fd. */
    private static void forkChild(Step c) {
        TaskId child = new TaskId(c.call(Syscall.Fork.class).child());
        var s = c.task();
        c.spawn(child, new Event.TaskForked(child, s.self(), s.vars(), s.fds(), s.objects(), s.ids()));
        c.send(child, new Msg.Start(new TreeMap<>()));
        c.finish(Result.ok(0));
    }
}
