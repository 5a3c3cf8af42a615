package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import java.util.List;

/**
 * The error path every call shares (and bpftool's close after a success): the call has put the
 * references it held and returns {@code returns} once every put is acknowledged. The puts are in
 * flight, so the call itself holds nothing.
 *
 * @param returns  what the call returns: its errno, or the success it had before the puts
 * @param awaiting puts not yet acknowledged
 */
public record CleaningUp(Result returns, int awaiting) implements Call {

    @Override
    public List<ActorId> held() {
        return List.of();
    }

    @Override
    public void acked(Step c, Msg.Acked m) {
        oneDone(c);
    }

    /** The kfree of a link whose prime failed is acknowledged once its id is gone. */
    @Override
    public void idRemoved(Step c, Msg.IdRemoved m) {
        oneDone(c);
    }

    private void oneDone(Step c) {
        if (awaiting > 1) {
            c.moveTo(new CleaningUp(returns, awaiting - 1));
        } else {
            c.finish(returns);
        }
    }
}
