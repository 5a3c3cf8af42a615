package bpflife.model.calls;

import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.Errno;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** read(2) of an fd: the file's read (seq_read() for a session). */
public final class Read {
    private Read() {}

    public sealed interface State extends Call {}

    public record Reading() implements State, OneReply {
        @Override
        public void readReturned(Step c, Msg.ReadReturned m) {
            c.finish(Result.bytes(m.bytes(), m.sawRepeat()));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    static void enter(Step c, Syscall.Read r) {
        FileId f = c.file(r.fd());
        if (f == null) {
            c.fail(Errno.EBADF);
        } else {
            c.ask(f, new Msg.FileRead(r.count(), c.self()), new Reading());
        }
    }
}
