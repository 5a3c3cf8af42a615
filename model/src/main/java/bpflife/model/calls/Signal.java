package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;

/** User-space signal to the tasks waiting on a name: returns at once, so it has no state to wait in. */
final class Signal {
    private Signal() {}

    static void enter(Step c, Syscall.Signal sig) {
        c.send(ActorId.SYNC, new Msg.SyncSignal(sig.name()));
        c.finish(Result.ok(0));
    }
}
