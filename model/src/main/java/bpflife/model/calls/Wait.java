package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** User-space wait on a named signal (a futex in a real program): returns once it is signalled. */
public final class Wait {
    private Wait() {}

    public sealed interface State extends Call {}

    public record Waiting() implements State, OneReply {
        @Override
        public void woken(Step c, Msg.Woken m) {
            c.finish(Result.ok(0));
        }
    }

    static void enter(Step c, Syscall.Wait w) {
        c.ask(ActorId.SYNC, new Msg.SyncWait(w.name(), c.self()), new Waiting());
    }
}
