package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.CallState;
import java.util.List;

/** A state that holds nothing for the call and waits for one reply: most requests to one object. */
interface OneReply extends CallState {
    @Override
    default List<ActorId> held() {
        return List.of();
    }

    @Override
    default int awaiting() {
        return 1;
    }
}
