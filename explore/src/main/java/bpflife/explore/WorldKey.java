package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.model.world.World;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A world's state, canonical: equal for two runs that reached the same object states and the same
 * messages in flight, whatever order they got there in (objects by id, channels by "sender>receiver").
 */
public record WorldKey(SortedMap<ActorId, ObjectState> objects, SortedMap<String, List<Msg>> inFlight) {

    /** The key of {@code world} with the messages of the {@code enabled} channels in flight. */
    static WorldKey of(World world, List<Channel> enabled) {
        TreeMap<String, List<Msg>> inFlight = new TreeMap<>();
        for (Channel ch : enabled) {
            inFlight.put(ch.sender.key() + ">" + ch.receiver.key(), List.copyOf(ch.queue));
        }
        return new WorldKey(world.statesById(), inFlight);
    }
}
