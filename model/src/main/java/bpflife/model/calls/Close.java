package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.PutMode;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** close(2) (fs/file.c close_fd()): the fd goes at once, then the fput of its file. */
public final class Close {
    private Close() {}

    public sealed interface State extends Call {}

    /** The fput is in flight: it carries the fd's reference, so the call holds nothing. */
    public record Putting() implements State, OneReply {
        @Override
        public void acked(Step c, Msg.Acked m) {
            c.finish(Result.ok(0));
        }
    }

    static void enter(Step c, Syscall.Close cl) {
        Integer fd = c.task().vars().get(cl.fd());
        FileId f = fd == null ? null : c.task().fds().get(fd);
        if (f == null) {
            c.fail(Errno.EBADF);
            return;
        }
        c.emit(new Event.FdClosed(fd));
        ActorId.FilesId files = c.filesTable();
        if (files != null) {
            // close_fd(): the slot is cleared under file_lock before the fput, which the table makes
            c.ask(files, new Msg.DropFd(fd, f, c.self(), false), new Putting());
            return;
        }
        c.ask(f, new Msg.Put(f, PutMode.DIRECT, c.self()), new Putting());
    }
}
