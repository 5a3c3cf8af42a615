package bpflife.model.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import bpflife.model.Semantics;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** BPF_LINK_CREATE's injected faults inside bpf_link_prime(), under Linux and under bug B1. */
@DisplayName("BPF_LINK_CREATE faults")
class LinkCreateTest {

    private static final TaskId T = new TaskId("t");
    private static final ProgId PROG = new ProgId("t", 1); // the task's first object
    private static final LinkId LINK = new LinkId("t", 3); // after the prog's file (t.2)
    private static final Info.ProgInfo INFO = new Info.ProgInfo(5, "dump_task", IterTarget.TASK, false, 0);

    /** The prog is loaded (fd 3), the link create has its prog reference: the link is primed. */
    private static TaskDriver primed(Semantics sem, String fault) {
        TaskDriver t = new TaskDriver(sem, "t", """
                task t:
                    p = prog load dump_task target task
                    l = link create p fault %s
                """.formatted(fault));
        t.start().deliver(new Msg.Ready(5));
        t.next();
        assertEquals(new LinkCreate.AwaitingProg(), t.at());
        return t.deliver(new Msg.Granted(PROG, INFO));
    }

    @Test
    @DisplayName("linux, fault idr: the primed link is kfree'd with its reference (which puts the prog); ENOSPC")
    void idrFaultUnderLinux() {
        TaskDriver t = primed(Semantics.LINUX, "idr");
        assertEquals(List.of(new Msg.Discard(LINK, T)), t.sentTo(LINK));
        assertEquals(new CleaningUp(Result.error(Errno.ENOSPC), 1), t.at());
        t.deliver(new Msg.Acked());
        assertEquals(Result.error(Errno.ENOSPC), t.reply());
    }

    @Test
    @DisplayName("linux, fault file: the id is freed first, then the link is kfree'd; ENOMEM")
    void fileFaultUnderLinux() {
        TaskDriver t = primed(Semantics.LINUX, "file");
        assertEquals(new LinkCreate.AwaitingId(LINK, null), t.at());
        assertEquals(List.of(LINK), t.at().held());
        t.deliver(new Msg.Ready(8));
        assertEquals(new LinkCreate.FreeingId(LINK), t.at());
        assertEquals(List.of(new Msg.IdRemove(8, T)), t.sentTo(ActorId.LINK_IDR));
        t.deliver(new Msg.IdRemoved());
        assertEquals(List.of(new Msg.Discard(LINK, T)), t.sentTo(LINK));
        t.deliver(new Msg.Acked());
        assertEquals(Result.error(Errno.ENOMEM), t.reply());
    }

    @Test
    @DisplayName("bug B1, fault idr: the file was made first; the link is kfree'd under it and the file put; ENOSPC")
    void idrFaultUnderB1() {
        TaskDriver t = primed(Semantics.byName("bug-B1"), "idr");
        FileId file = new FileId("t", 4);
        assertEquals(List.of(new Msg.Discard(null, T)), t.sentTo(LINK));
        assertEquals(List.of(new Msg.Put(file, PutMode.DIRECT, T)), t.sentTo(file));
        assertEquals(new CleaningUp(Result.error(Errno.ENOSPC), 2), t.at());
        t.deliver(new Msg.Acked());
        assertNull(t.reply());
        t.deliver(new Msg.Acked());
        assertEquals(Result.error(Errno.ENOSPC), t.reply());
    }

    @Test
    @DisplayName("no fault: id, anon file, settle, then the fd")
    void noFault() {
        TaskDriver t = new TaskDriver(Semantics.LINUX, "t", """
                task t:
                    p = prog load dump_task target task
                    l = link create p
                """);
        t.start().deliver(new Msg.Ready(5));
        t.next().deliver(new Msg.Granted(PROG, INFO));
        t.deliver(new Msg.Ready(8));
        FileId file = new FileId("t", 4);
        assertEquals(new LinkCreate.Settling(LINK, file, 8), t.at());
        assertEquals(List.of(file), t.at().held());
        t.deliver(new Msg.Ready(8));
        assertEquals(Result.fd(4, LINK), t.reply());
    }
}
