package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.FileKind;
import bpflife.protocol.Msg;
import bpflife.protocol.Syscall;

/** open(2) of a cgroup directory: an fd usable as a link's cgroup_fd. */
public final class CgroupOpen {
    private CgroupOpen() {}

    public sealed interface State extends Call {}

    /** cgroupfs looks the directory up and takes a reference on its cgroup. */
    public record LookingUp() implements State, OneReply {
        @Override
        public void granted(Step c, Msg.Granted m) {
            c.installNew(FileKind.CGROUP, m.ref(), null, c.call(Syscall.CgroupOpen.class).result(), 0);
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    static void enter(Step c, Syscall.CgroupOpen o) {
        c.ask(ActorId.CGROUPFS, new Msg.CgroupLookup(o.name(), c.self()), new LookingUp());
    }
}
