package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;

/** BPF_OBJ_GET (kernel/bpf/inode.c bpf_obj_get_user()): bpffs looks the pin up and takes a reference. */
public final class ObjGet {
    private ObjGet() {}

    public sealed interface State extends Call {}

    /** bpf_obj_do_get(): the path walk and bpf_any_get() on the inode's object. */
    public record LookingUp() implements State, InstallsGranted {}

    static void enter(Step c, Syscall.ObjGet g) {
        c.ask(ActorId.BPFFS, new Msg.Lookup(g.path(), Msg.LookupFor.OBJ_GET, c.self()), new LookingUp());
    }
}
