package bpflife.model.calls;

import bpflife.protocol.Errno;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;

/** BPF_LINK_DETACH (kernel/bpf/syscall.c link_detach()): no link of the model has ops->detach. */
public final class LinkDetach {
    private LinkDetach() {}

    public sealed interface State extends Call {}

    /** What the fd is; the call takes no reference. */
    public record Probing() implements State, OneReply {
        @Override
        public void probed(Step c, Msg.Probed m) {
            // iterator links have no ops->detach: EOPNOTSUPP; any other fd is not a link: EINVAL
            c.fail(m.kind() == FileKind.LINK ? Errno.EOPNOTSUPP : Errno.EINVAL);
        }
    }

    static void enter(Step c, Syscall.LinkDetach d) {
        c.probe(d.link(), Want.KIND_ONLY, Errno.EBADF, new Probing());
    }
}
