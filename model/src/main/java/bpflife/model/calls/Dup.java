package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.Errno;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** dup(2): get_file() on the fd's file, installed at a new fd. */
public final class Dup {
    private Dup() {}

    public sealed interface State extends Call {}

    public record Raising() implements State, OneReply {
        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof FileId file)) {
                throw c.unexpected(this, m);
            }
            Syscall.Dup d = c.call(Syscall.Dup.class);
            ActorId object = c.task().objects().get(d.fd());
            int fd = c.install(d.result(), file, object, c.task().ids().getOrDefault(d.fd(), 0));
            c.finish(Result.fd(fd, object));
        }
    }

    static void enter(Step c, Syscall.Dup d) {
        FileId f = c.file(d.fd());
        if (f == null) {
            c.fail(Errno.EBADF);
        } else {
            c.ask(f, new Msg.Get(c.self()), new Raising());
        }
    }
}
