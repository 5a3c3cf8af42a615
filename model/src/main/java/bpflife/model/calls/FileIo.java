package bpflife.model.calls;

import bpflife.protocol.Errno;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;

/**
 * write(2) and lseek(2) on any fd of the model (fs/read_write.c vfs_write(), vfs_llseek()).
 * Measured on 6.18: no file here has a write operation, so a write is EBADF without FMODE_WRITE
 * (a link, a session, a directory, a map opened BPF_F_RDONLY) and EINVAL with it (a prog, a map,
 * a pinned iterator opened O_WRONLY or O_RDWR); the bpf files and sessions cannot seek (ESPIPE:
 * bpf_iter_fops has no llseek), directories can.
 */
public final class FileIo {
    private FileIo() {}

    public sealed interface State extends Call {}

    /** What the fd is (fdget, no reference on the object behind it); {@code offset} is lseek's, -1 for a write. */
    public record Probing(int offset) implements State, OneReply {
        @Override
        public void probed(Step c, Msg.Probed m) {
            if (offset < 0) {
                c.fail(m.mode().writable() ? Errno.EINVAL : Errno.EBADF);
            } else if (m.kind() == FileKind.DIR || m.kind() == FileKind.CGROUP) {
                c.finish(Result.ok(offset));
            } else {
                c.fail(Errno.ESPIPE);
            }
        }
    }

    static void enter(Step c, Syscall.Write w) {
        c.probe(w.fd(), Want.KIND_ONLY, Errno.EBADF, new Probing(-1));
    }

    static void enter(Step c, Syscall.Lseek l) {
        c.probe(l.fd(), Want.KIND_ONLY, Errno.EBADF, new Probing(l.offset()));
    }
}
