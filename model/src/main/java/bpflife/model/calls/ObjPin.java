package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Errno;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.List;

/**
 * BPF_OBJ_PIN (kernel/bpf/inode.c bpf_obj_pin_user()): a reference on the fd's object, which
 * bpf_obj_do_pin() hands to a new bpffs inode, or puts when the pin fails.
 */
public final class ObjPin {
    private ObjPin() {}

    public sealed interface State extends Call {
        @Override
        default void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    /** bpf_fd_probe_obj(): a reference on whatever BPF object the fd holds. */
    public record AwaitingObject() implements State, OneReply {
        @Override
        public void granted(Step c, Msg.Granted m) {
            Syscall.ObjPin p = c.call(Syscall.ObjPin.class);
            // vfs_mkobj() carries the reference: the inode holds it if the pin is made
            c.ask(ActorId.BPFFS, new Msg.Mkobj(p.path(), m.ref(), Step.kindOf(m.ref()), c.self()), new Pinning());
        }
    }

    /** The reference travels with the mkobj; bpffs gives it back if the path is refused. */
    public record Pinning() implements State, OneReply {
        @Override
        public void acked(Step c, Msg.Acked m) {
            c.finish(Result.ok(0));
        }

        @Override
        public void refused(Step c, Msg.Refused m) {
            c.cleanup(List.of(m.ref()), m.errno());
        }
    }

    static void enter(Step c, Syscall.ObjPin p) {
        c.probe(p.fd(), Want.ANY_BPF, Errno.EINVAL, new AwaitingObject());
    }
}
