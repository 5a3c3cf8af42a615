package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.List;
import java.util.SortedMap;

/**
 * A world's state, canonical: equal for two runs that reached the same object states and the same
 * messages in flight, whatever order they got there in (objects by id, channels by "sender>receiver").
 */
public record WorldKey(SortedMap<ActorId, ObjectState> objects, SortedMap<String, List<Msg>> inFlight) {}
