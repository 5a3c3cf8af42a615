package bpflife.model.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bpflife.model.Semantics;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** BPF_LINK_UPDATE: what the call holds in each state, and the order of its puts. */
@DisplayName("BPF_LINK_UPDATE")
class LinkUpdateTest {

    private static final LinkId LINK = new LinkId("setup", 3);
    private static final ProgId NEW = new ProgId("setup", 7);
    private static final ProgId OLD = new ProgId("setup", 1);
    private static final Info.ProgInfo NEW_INFO = new Info.ProgInfo(9, "dump_task", IterTarget.TASK, false, 0);

    /** A task that got the link and both progs by OBJ_GET (files t.1, t.2, t.3), then entered the update. */
    private static TaskDriver atUpdate(String update) {
        TaskDriver t = new TaskDriver(Semantics.LINUX, "t", """
                task t:
                    l = obj get /sys/fs/bpf/l
                    p = obj get /sys/fs/bpf/p
                    o = obj get /sys/fs/bpf/o
                """ + "    " + update + "\n");
        t.start().deliver(new Msg.Granted(LINK, null));
        t.next().deliver(new Msg.Granted(NEW, null));
        t.next().deliver(new Msg.Granted(OLD, null));
        return t.next();
    }

    private static Msg.Put put(ActorId ref) {
        return new Msg.Put(ref, PutMode.DIRECT, new ActorId.TaskId("t"));
    }

    @Test
    @DisplayName("with BPF_F_REPLACE: the link, the new prog, the old prog are looked up; the update carries the new prog")
    void replaceLooksUpThenUpdates() {
        TaskDriver t = atUpdate("update l p replace o");
        assertEquals(new LinkUpdate.AwaitingLink(), t.at());
        t.deliver(new Msg.Granted(LINK, null));
        assertEquals(new LinkUpdate.AwaitingNewProg(LINK), t.at());
        t.deliver(new Msg.Granted(NEW, NEW_INFO));
        assertEquals(new LinkUpdate.AwaitingOldProg(LINK, NEW, NEW_INFO), t.at());
        assertEquals(List.of(NEW, LINK), t.at().held(), "held in canonical order");
        t.deliver(new Msg.Granted(OLD, null));
        assertEquals(new LinkUpdate.Updating(LINK, OLD), t.at());
        assertEquals(List.of(new Msg.Update(NEW, NEW_INFO, OLD, t.task().self())), t.sentTo(LINK));
    }

    @Test
    @DisplayName("success: the call puts its old prog and link lookups, and returns 0 once both puts are done")
    void successPutsOwnLookups() {
        TaskDriver t = atUpdate("update l p replace o");
        t.deliver(new Msg.Granted(LINK, null)).deliver(new Msg.Granted(NEW, NEW_INFO)).deliver(new Msg.Granted(OLD, null));
        t.deliver(new Msg.Acked());
        assertEquals(List.of(OLD, LINK), t.sent().stream().map(e -> e.to()).toList(), "the old prog first, then the link");
        assertEquals(List.of(put(OLD)), t.sentTo(OLD));
        assertEquals(new CleaningUp(Result.ok(0), 2), t.at());
        t.deliver(new Msg.Acked());
        assertNull(t.reply());
        t.deliver(new Msg.Acked());
        assertEquals(Result.ok(0), t.reply());
    }

    @Test
    @DisplayName("refused (EPERM, not the expected old prog): the new prog comes back and is put last")
    void refusedPutsNewProgLast() {
        TaskDriver t = atUpdate("update l p replace o");
        t.deliver(new Msg.Granted(LINK, null)).deliver(new Msg.Granted(NEW, NEW_INFO)).deliver(new Msg.Granted(OLD, null));
        t.deliver(new Msg.Refused(Errno.EPERM, NEW));
        assertEquals(List.of(put(OLD), put(LINK), put(NEW)), t.sent().stream().map(e -> e.msg()).toList());
        assertEquals(new CleaningUp(Result.error(Errno.EPERM), 3), t.at());
        t.deliver(new Msg.Acked()).deliver(new Msg.Acked()).deliver(new Msg.Acked());
        assertEquals(Result.error(Errno.EPERM), t.reply());
    }

    @Test
    @DisplayName("the new prog fd is not a prog: the link lookup is put and the errno returned")
    void newProgLookupFails() {
        TaskDriver t = atUpdate("update l p");
        t.deliver(new Msg.Granted(LINK, null)).deliver(new Msg.Failed(Errno.EINVAL));
        assertEquals(List.of(put(LINK)), t.sent().stream().map(e -> e.msg()).toList());
        t.deliver(new Msg.Acked());
        assertEquals(Result.error(Errno.EINVAL), t.reply());
    }

    @Test
    @DisplayName("without BPF_F_REPLACE the update expects no old prog; the call then puts only its link")
    void plainUpdate() {
        TaskDriver t = atUpdate("update l p");
        t.deliver(new Msg.Granted(LINK, null)).deliver(new Msg.Granted(NEW, NEW_INFO));
        assertEquals(new LinkUpdate.Updating(LINK, null), t.at());
        t.deliver(new Msg.Acked());
        assertEquals(List.of(put(LINK)), t.sent().stream().map(e -> e.msg()).toList());
    }

    @Test
    @DisplayName("a reply the state does not expect names the task, the call, the state and the message")
    void unexpectedReplyIsNamed() {
        TaskDriver t = atUpdate("update l p");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.deliver(new Msg.Acked()));
        assertEquals("task:t in LinkUpdate[link=l, newProg=p, oldProg=null] at AwaitingLink[] cannot take Acked[]: "
                + "a bug of the model", e.getMessage());
    }
}
