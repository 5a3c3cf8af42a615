package bpflife.model.calls;

import bpflife.protocol.Msg;

/**
 * A call that looks its objects up one at a time (fdget and a reference on each, as
 * BPF_LINK_CREATE and BPF_LINK_UPDATE do): each state awaits one reply, and a failed lookup puts
 * what the call holds so far and returns the lookup's errno.
 */
sealed interface Lookups extends Call permits LinkCreate.State, LinkUpdate.State {
    @Override
    default int awaiting() {
        return 1;
    }

    @Override
    default void failed(Step c, Msg.Failed m) {
        c.cleanup(held(), m.errno());
    }
}
