package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.Errno;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;
import bpflife.protocol.Want;
import java.util.List;

/**
 * BPF_ITER_CREATE (kernel/bpf/bpf_iter.c bpf_iter_new_fd()): an anonymous session of a link.
 * bpf_link_get_from_fd() takes a reference on the link; prepare_seq_file() runs with it held
 * (the states of {@link Open}); the call puts it once the session's fd is installed.
 */
public final class IterCreate {
    private IterCreate() {}

    public sealed interface State extends Call {}

    /** bpf_link_get_from_fd(attr->iter_create.link_fd). */
    public record AwaitingLink() implements State, OneReply {
        @Override
        public void granted(Step c, Msg.Granted m) {
            if (!(m.ref() instanceof LinkId link)) {
                throw c.unexpected(this, m);
            }
            c.ask(link, new Msg.OpenSession(c.self()),
                    new Open.Assembling(new Open.SeqOpen(List.<ActorId>of(link), null, link, null), 1));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    static void enter(Step c, Syscall.IterCreate ic) {
        if (ic.flags() != 0) {
            c.fail(Errno.EINVAL); // bpf_iter_create(): any flag, before the link fd is looked at
            return;
        }
        c.probe(ic.link(), Want.LINK, Errno.EBADF, new AwaitingLink());
    }
}
