package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Errno;
import bpflife.protocol.FileMode;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import java.util.List;

/** BPF_OBJ_GET (kernel/bpf/inode.c bpf_obj_get_user()): bpffs looks the pin up and takes a reference. */
public final class ObjGet {
    private ObjGet() {}

    public sealed interface State extends Call {}

    /**
     * bpf_obj_do_get(): the path walk and bpf_any_get() on the inode's object; then the new fd,
     * opened with the file_flags' mode for a map, O_RDWR for a prog (bpf_prog_new_fd ignores
     * them), and for a link only without flags (f_flags != O_RDWR is EINVAL, the reference put).
     */
    public record LookingUp() implements State, InstallsGranted {
        @Override
        public void granted(Step c, Msg.Granted m) {
            int flags = c.call(Syscall.ObjGet.class).flags();
            if (m.ref() instanceof ActorId.LinkId && flags != 0) {
                c.cleanup(List.of(m.ref()), Errno.EINVAL);
            } else if (m.ref() instanceof ActorId.MapId) {
                c.installGranted(m, flags == Syscall.ObjGet.RDONLY ? FileMode.RDONLY
                        : flags == Syscall.ObjGet.WRONLY ? FileMode.WRONLY : FileMode.RDWR);
            } else {
                c.installGranted(m);
            }
        }
    }

    static void enter(Step c, Syscall.ObjGet g) {
        if (g.flags() == (Syscall.ObjGet.RDONLY | Syscall.ObjGet.WRONLY)) {
            c.fail(Errno.EINVAL); // bpf_get_file_flag(): both at once
            return;
        }
        c.ask(ActorId.BPFFS, new Msg.Lookup(g.path(), Msg.LookupFor.OBJ_GET, c.self()), new LookingUp());
    }
}
