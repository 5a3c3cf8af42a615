package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/**
 * The calls that are one request to a filesystem and its answer: unlink(2), rename(2), link(2),
 * mkdir(2) and rmdir(2) in bpffs, mkdir and rmdir in cgroupfs.
 */
public final class FsCall {
    private FsCall() {}

    public sealed interface State extends Call {}

    /** The filesystem does the change under its own locks and says how it went. */
    public record Asked() implements State, OneReply {
        @Override
        public void acked(Step c, Msg.Acked m) {
            c.finish(Result.ok(0));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    static void enter(Step c, Syscall.Unlink u) {
        c.ask(ActorId.BPFFS, new Msg.PathUnlink(u.path(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.Rename r) {
        c.ask(ActorId.BPFFS, new Msg.PathRename(r.from(), r.to(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.HardLink l) {
        c.ask(ActorId.BPFFS, new Msg.PathLink(l.from(), l.to(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.Mkdir d) {
        c.ask(ActorId.BPFFS, new Msg.PathMkdir(d.path(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.Rmdir d) {
        c.ask(ActorId.BPFFS, new Msg.PathRmdir(d.path(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.CgroupMkdir d) {
        c.ask(ActorId.CGROUPFS, new Msg.CgroupMkdir(d.name(), c.self()), new Asked());
    }

    static void enter(Step c, Syscall.CgroupRmdir d) {
        c.ask(ActorId.CGROUPFS, new Msg.CgroupRmdir(d.name(), c.self()), new Asked());
    }
}
