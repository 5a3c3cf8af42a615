package bpflife.model.calls;

import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** BPF_{PROG,LINK,MAP}_GET_NEXT_ID (kernel/bpf/syscall.c bpf_obj_get_next_id()): idr_get_next(). */
public final class GetNextId {
    private GetNextId() {}

    public sealed interface State extends Call {}

    public record Asked() implements State, OneReply {
        @Override
        public void nextIdIs(Step c, Msg.NextIdIs m) {
            c.finish(Result.ok(m.id()));
        }

        @Override
        public void failed(Step c, Msg.Failed m) {
            c.fail(m.errno());
        }
    }

    static void enter(Step c, Syscall.GetNextId n) {
        int after = n.after() == null ? 0 : c.resolve(n.after());
        c.ask(n.kind().idr(), new Msg.IdNext(after, c.self()), new Asked());
    }
}
